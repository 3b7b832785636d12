package io.steadfast.schema.infrastructure;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

import javax.sql.DataSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Applies the schema migrations while a persistence unit's {@code SessionFactory} is being built:
 * Hibernate 6.6 calls integrators in the {@code SessionFactoryImpl} constructor before its
 * {@code SessionFactoryObserver}s run, and schema validation ({@code hbm2ddl.auto=validate}) is one
 * of those observers. In WildFly the persistence units start during deployment, before any
 * {@code @Startup} bean could run, so this is the last point at which migrating still comes first.
 *
 * <p>Registered in {@code META-INF/services/org.hibernate.integrator.spi.Integrator}, so it sees every
 * unit of the deployment; each unit says in {@code persistence.xml} what it wants:
 * <ul>
 * <li>{@value #MIGRATE}{@code =true}: migrate the database through this unit's own datasource (the
 * XA unit {@code steadfast});</li>
 * <li>{@value #AWAIT}{@code =true}: do not migrate, but wait until the migrating unit of the same
 * deployment has finished (the one-phase unit {@code steadfast-1pc}, whose non-XA datasource reaches
 * the same database: WildFly may start both units at once, and validating before the migration ran
 * would fail on an empty database). It waits at most {@value #AWAIT_SECONDS} seconds (default
 * {@value #DEFAULT_AWAIT_SECONDS}) and fails if the migration failed.</li>
 * </ul>
 * A unit with neither is left alone.
 */
public class SchemaMigrationIntegrator implements Integrator {

    public static final String MIGRATE = "steadfast.schema.migrate";
    public static final String AWAIT = "steadfast.schema.await-migration";
    public static final String AWAIT_SECONDS = "steadfast.schema.await-seconds";
    static final long DEFAULT_AWAIT_SECONDS = 120;

    /** Completed by the migrating unit of this deployment (one class loader per deployment). */
    private static final CompletableFuture<Void> MIGRATED = new CompletableFuture<>();

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        Map<String, Object> settings = bootstrapContext.getServiceRegistry().requireService(ConfigurationService.class).getSettings();
        String unit = String.valueOf(settings.getOrDefault(AvailableSettings.PERSISTENCE_UNIT_NAME, "(unnamed)"));
        if (isTrue(settings.get(MIGRATE))) {
            migrate(unit, bootstrapContext);
        } else if (isTrue(settings.get(AWAIT))) {
            await(unit, seconds(settings.get(AWAIT_SECONDS)));
        }
    }

    private static void migrate(String unit, BootstrapContext bootstrapContext) {
        try {
            DataSource dataSource = bootstrapContext.getServiceRegistry().requireService(ConnectionProvider.class).unwrap(DataSource.class);
            SchemaMigrations.migrate(dataSource, SchemaMigrationIntegrator.class.getClassLoader());
            MIGRATED.complete(null);
        } catch (RuntimeException e) {
            SchemaLogger.LOG.failed(unit, e);
            MIGRATED.completeExceptionally(e);
            throw e;
        }
    }

    private static void await(String unit, long seconds) {
        try {
            MIGRATED.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Persistence unit " + unit + " waited " + seconds + " s for the schema migration of the unit with "
                    + MIGRATE + "=true in the same deployment, which did not finish", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Persistence unit " + unit + " cannot start: the schema migration failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Persistence unit " + unit + " was interrupted waiting for the schema migration", e);
        }
    }

    private static boolean isTrue(Object value) {
        return value != null && Boolean.parseBoolean(value.toString().trim());
    }

    private static long seconds(Object value) {
        return value == null ? DEFAULT_AWAIT_SECONDS : Long.parseLong(value.toString().trim());
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        // nothing to undo: the schema stays
    }
}
