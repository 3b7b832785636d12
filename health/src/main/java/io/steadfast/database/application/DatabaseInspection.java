package io.steadfast.database.application;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Looks at the payments database through a datasource: product, version and, on PostgreSQL,
 * {@code SHOW max_prepared_transactions}. Reads settings only; call it outside a transaction.
 */
public final class DatabaseInspection {

    /** The XA datasource of payments (standalone-config/configure-datasource*.cli). */
    public static final String DATASOURCE = "java:jboss/datasources/SteadfastXADS";

    private DatabaseInspection() {
    }

    /** The database's status now; {@link DatabaseStatus#unreachable} when it does not answer. */
    public static DatabaseStatus inspect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String url = String.valueOf(meta.getURL());
            // The URL without its query, which may hold a password.
            String database = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            String product = meta.getDatabaseProductName();
            Integer maxPrepared = null;
            if (DatabaseStatus.POSTGRESQL.equals(product)) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
                    rs.next();
                    maxPrepared = Integer.valueOf(rs.getString(1));
                }
            }
            return DatabaseStatus.of(product, meta.getDatabaseProductVersion(), database, maxPrepared);
        } catch (SQLException | RuntimeException e) {
            return DatabaseStatus.unreachable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
