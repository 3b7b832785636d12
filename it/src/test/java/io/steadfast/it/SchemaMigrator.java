package io.steadfast.it;

import io.steadfast.schema.infrastructure.SchemaMigrations;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the test database back into one of the release before migrations (tables and rows, no
 * Flyway history) and runs the application's migration entry point on it, as a deployment does.
 * Outside any transaction, like the deployment.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrator {

    @Resource(lookup = "java:jboss/datasources/SteadfastXADS")
    DataSource db;

    /** The history as {@code "<version> <type> <success>"} lines, oldest first. */
    public List<String> history() {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select \"version\", \"type\", \"success\" from \"flyway_schema_history\" order by \"installed_rank\"")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    public void dropHistory() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table \"flyway_schema_history\"");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the migrations as the deployment does; returns how many were executed. */
    public int migrate() {
        return SchemaMigrations.migrate(db, SchemaMigrations.class.getClassLoader()).migrationsExecuted;
    }
}
