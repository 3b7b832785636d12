package io.steadfast.schema.infrastructure;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Applies the versioned migrations of {@code db/migration/<vendor>} (this module's resources) to a
 * database with Flyway. The vendor folder is chosen from the database's own JDBC metadata, so the
 * same code serves whatever datasource the server configures.
 *
 * <p>A database of the release before migrations (its tables there, no history table) is adopted as
 * version {@value #BASELINE_VERSION}: that release's schema is exactly V1, so V1 is skipped and later
 * versions run. Concurrent deployments on several nodes are serialised by Flyway's lock on its
 * history table.
 */
public final class SchemaMigrations {

    /** The version an existing database without history is taken to be at. */
    public static final String BASELINE_VERSION = "1";

    /** Where the migrations live, below the class path root; one folder per vendor. */
    public static final String LOCATION_ROOT = "db/migration/";

    private SchemaMigrations() {
    }

    /** The migration folder (below {@link #LOCATION_ROOT}) for a JDBC {@code getDatabaseProductName()}. */
    public static String vendorFolder(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.equals("h2")) {
            return "h2";
        }
        if (p.equals("postgresql")) {
            return "postgresql";
        }
        throw new IllegalStateException("No schema migrations for database '" + productName
                + "': Steadfast supports H2 and PostgreSQL (folders " + LOCATION_ROOT + "h2 and " + LOCATION_ROOT + "postgresql)");
    }

    /**
     * Brings the database behind {@code dataSource} to the newest schema version.
     *
     * @param classLoader sees the migrations and Flyway's plugins (in a deployment: the EJB module's)
     * @return the result, for tests
     */
    public static MigrateResult migrate(DataSource dataSource, ClassLoader classLoader) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            product = md.getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database's metadata to choose its migrations", e);
        }
        String location = "classpath:" + LOCATION_ROOT + vendorFolder(product);
        Flyway flyway = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(location)
                .failOnMissingLocations(true)
                .baselineOnMigrate(true)
                .baselineVersion(BASELINE_VERSION)
                .baselineDescription("schema of the release before migrations (hbm2ddl update)")
                .cleanDisabled(true)
                .load();
        boolean hadHistory = flyway.info().applied().length > 0;
        MigrateResult result = flyway.migrate();
        MigrationInfoService after = flyway.info();
        if (!hadHistory && Arrays.stream(after.applied()).anyMatch(m -> m.getType().isBaseline())) {
            SchemaLogger.LOG.baselined(product, BASELINE_VERSION);
        }
        MigrationInfo current = after.current();
        SchemaLogger.LOG.migrated(product, location, current == null ? "none" : current.getVersion().getVersion(),
                result.migrationsExecuted);
        return result;
    }
}
