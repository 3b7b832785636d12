package io.steadfast.schema.infrastructure;

import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of the release before migrations: its schema made by Hibernate's {@code hbm2ddl update}
 * as that release did, with a row in it and no Flyway history. Migrating adopts it as version 1
 * without running V1 (which would fail on the existing tables), the row is untouched, and the
 * entities validate. The in-container {@code SchemaAdoptionIT} does the same with payments made
 * through the API and reads them back with their integrity codes checked.
 */
class PreviousReleaseH2Test {

    @Test
    void existingDatabaseWithoutHistoryIsAdoptedAsVersionOneAndKeepsItsRows() throws SQLException {
        DataSource db = H2MigrationTest.h2("previous-release");
        MigrationContract.hibernate(db, Map.of("hibernate.hbm2ddl.auto", "update")).close();
        String row = "insert into integrity_quarantine (row_key, entity, entity_id, reason, detected_at) "
                + "values ('Payment:p-1', 'Payment', 'p-1', 'seal mismatch', timestamp with time zone '2026-01-02 03:04:05.123456+00')";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(row);
        }

        MigrateResult result = SchemaMigrations.migrate(db, getClass().getClassLoader());

        assertThat(result.migrationsExecuted).as("V1 is not run on the adopted database; the later ones are").isEqualTo(4);
        assertThat(MigrationContract.appliedVersions(db)).containsExactly("1", "2", "3", "4", "5");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select \"type\" from \"flyway_schema_history\" where \"version\" = '1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("BASELINE");
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select entity_id, reason, detected_at from integrity_quarantine")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("p-1");
            assertThat(rs.getString(2)).isEqualTo("seal mismatch");
            assertThat(rs.getObject(3, java.time.OffsetDateTime.class).toInstant()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05.123456Z"));
            assertThat(rs.next()).isFalse();
        }
        try (SessionFactory sf = MigrationContract.hibernate(db, Map.of(SchemaMigrationIntegrator.MIGRATE, "true", "hibernate.hbm2ddl.auto", "validate"))) {
            assertThat(sf.isOpen()).isTrue();
        }
    }
}
