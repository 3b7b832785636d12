package io.steadfast.schema.infrastructure;

import io.steadfast.integrity.infrastructure.QuarantinedRow;
import io.steadfast.payment.domain.IdempotencyRecord;
import io.steadfast.payment.domain.LedgerEntry;
import io.steadfast.payment.domain.Payment;
import io.steadfast.payment.domain.PaymentSettlement;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every database kind must show: the migrations applied to an empty database give exactly the
 * schema Hibernate would create for the entities, and Hibernate validates the entities against it
 * with the migrations run by {@link SchemaMigrationIntegrator} while the {@code SessionFactory} is
 * built (the same path as in the server). A subclass supplies empty databases of one kind.
 */
abstract class MigrationContract {

    static final List<String> TABLES = List.of("payment", "ledger_entry", "idempotency_record", "integrity_quarantine",
            "payment_settlement");

    /** A new, empty database of this kind. */
    abstract DataSource emptyDatabase(String purpose) throws SQLException;

    @Test
    void migrationsOnAnEmptyDatabaseValidateThroughTheIntegrator() throws SQLException {
        DataSource db = emptyDatabase("validate");
        try (SessionFactory sf = hibernate(db, Map.of(SchemaMigrationIntegrator.MIGRATE, "true", "hibernate.hbm2ddl.auto", "validate"))) {
            assertThat(sf.isOpen()).isTrue();
        }
        assertThat(appliedVersions(db)).containsExactly("1", "2", "3", "4", "5");
        // A second start finds nothing to do and still validates.
        try (SessionFactory sf = hibernate(db, Map.of(SchemaMigrationIntegrator.MIGRATE, "true", "hibernate.hbm2ddl.auto", "validate"))) {
            assertThat(sf.isOpen()).isTrue();
        }
        assertThat(appliedVersions(db)).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void validationFailsOnAnEmptyDatabaseWithoutTheMigrations() throws SQLException {
        DataSource db = emptyDatabase("unmigrated");
        assertThatThrownBy(() -> hibernate(db, Map.of("hibernate.hbm2ddl.auto", "validate")).close())
                .isInstanceOf(SchemaManagementException.class).hasMessageContaining("missing table");
    }

    @Test
    void migratedSchemaIsExactlyTheOneHibernateCreates() throws SQLException {
        DataSource migrated = emptyDatabase("migrated");
        MigrateResult result = SchemaMigrations.migrate(migrated, getClass().getClassLoader());
        assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(1);
        DataSource created = emptyDatabase("created");
        hibernate(created, Map.of("hibernate.hbm2ddl.auto", "create")).close();
        assertThat(describe(migrated)).isEqualTo(describe(created));
    }

    /**
     * V3 on a database at V2 with a payment in it: the row stays as it was, the new status is
     * accepted, a status nobody knows is still refused, and the janitor's table is there.
     */
    @Test
    void versionThreeKeepsPaymentsAndAcceptsNeedsOperator() throws SQLException {
        DataSource db = emptyDatabase("v3");
        String folder;
        try (Connection c = db.getConnection()) {
            folder = SchemaMigrations.vendorFolder(c.getMetaData().getDatabaseProductName());
        }
        org.flywaydb.core.Flyway.configure(getClass().getClassLoader()).dataSource(db)
                .locations("classpath:" + SchemaMigrations.LOCATION_ROOT + folder).target("2").load().migrate();
        insertPayment(db, "p-v2", "UNKNOWN");

        SchemaMigrations.migrate(db, getClass().getClassLoader());

        assertThat(appliedVersions(db)).containsExactly("1", "2", "3", "4", "5");
        insertPayment(db, "p-v3", "NEEDS_OPERATOR");
        assertThatThrownBy(() -> insertPayment(db, "p-bad", "LOST")).isInstanceOf(SQLException.class);
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, status, check_seal from payment order by id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).isEqualTo("p-v2 UNKNOWN seal-p-v2");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("NEEDS_OPERATOR");
            assertThat(rs.next()).isFalse();
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into payment_settlement (payment_id, attempts, last_attempt_at, next_attempt_at) values "
                    + "('p-v2', 1, timestamp with time zone '2026-11-26 04:00:00+00', timestamp with time zone '2026-11-26 04:01:00+00')");
        }
    }

    /**
     * The migrations after V1 run again harmlessly on a database that has them, as when a migrated
     * database loses its history and is adopted again (the in-container SchemaAdoptionIT does
     * that): the schema stays exactly Hibernate's.
     */
    @Test
    void migrationsAfterTheFirstRunAgainHarmlessly() throws SQLException {
        DataSource db = emptyDatabase("again");
        SchemaMigrations.migrate(db, getClass().getClassLoader());
        String once = describe(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table \"flyway_schema_history\"");
        }
        MigrateResult again = SchemaMigrations.migrate(db, getClass().getClassLoader());
        assertThat(again.migrationsExecuted).as("adopted as V1, then every later one again").isEqualTo(4);
        assertThat(describe(db)).isEqualTo(once);
    }

    private static void insertPayment(DataSource db, String id, String status) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into payment (id, order_id, amount_minor, currency, method, status, captured_minor, refunded_minor, "
                    + "capture_on_approval, idempotency_key, receipt_key, created_at, version, check_crc32c, check_amount_secded, check_seal) "
                    + "values ('" + id + "', 'o', 700, 'EUR', 'CARD', '" + status + "', 0, 0, true, 'k-" + id + "', 'receipt-" + id
                    + ".json', timestamp with time zone '2026-11-26 03:00:00+00', 0, 1, 2, 'seal-" + id + "')");
        }
    }

    static List<String> appliedVersions(DataSource db) throws SQLException {
        List<String> versions = new java.util.ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select \"version\" from \"flyway_schema_history\" where \"success\" and \"version\" is not null order by \"installed_rank\"")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    /** Hibernate outside the server over the entity classes, with the given settings. */
    static SessionFactory hibernate(DataSource db, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("hibernate.connection.datasource", db);
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(all).build();
        try {
            return new MetadataSources(registry).addAnnotatedClass(Payment.class).addAnnotatedClass(LedgerEntry.class)
                    .addAnnotatedClass(IdempotencyRecord.class).addAnnotatedClass(QuarantinedRow.class).addAnnotatedClass(PaymentSettlement.class)
                    .buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    /**
     * The application's tables as the database reports them: every column with its type, size and
     * nullability, the primary keys, the named indexes, and the check constraints' clauses.
     */
    static String describe(DataSource db) throws SQLException {
        TreeSet<String> lines = new TreeSet<>();
        try (Connection c = db.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            for (String table : TABLES) {
                String t = md.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
                try (ResultSet rs = md.getColumns(null, null, t, null)) {
                    while (rs.next()) {
                        lines.add(table + " column " + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT) + " " + rs.getString("TYPE_NAME")
                                + "(" + rs.getInt("COLUMN_SIZE") + ") nullable=" + rs.getString("IS_NULLABLE"));
                    }
                }
                StringBuilder pk = new StringBuilder();
                try (ResultSet rs = md.getPrimaryKeys(null, null, t)) {
                    while (rs.next()) {
                        pk.append(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)).append(' ');
                    }
                }
                lines.add(table + " primary key " + pk);
                try (ResultSet rs = md.getIndexInfo(null, null, t, false, false)) {
                    while (rs.next()) {
                        String name = rs.getString("INDEX_NAME");
                        if (name != null && name.toLowerCase(Locale.ROOT).startsWith("ix_")) {
                            lines.add(table + " index " + name.toLowerCase(Locale.ROOT) + " on " + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)
                                    + " unique=" + !rs.getBoolean("NON_UNIQUE"));
                        }
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select cc.check_clause from information_schema.check_constraints cc")) {
                while (rs.next()) {
                    String clause = rs.getString(1);
                    if (clause.toLowerCase(Locale.ROOT).contains("status") || clause.toLowerCase(Locale.ROOT).contains("method")) {
                        lines.add("check " + clause);
                    }
                }
            }
        }
        assertThat(lines).as("tables found").anyMatch(l -> l.startsWith("payment column id"));
        return String.join("\n", lines);
    }
}
