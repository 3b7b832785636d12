package io.steadfast.database.interfaces;

import io.steadfast.database.application.DatabaseInspection;
import io.steadfast.database.application.DatabaseStatus;
import io.steadfast.readiness.application.Verdict;
import io.steadfast.readiness.infrastructure.HealthLogger;
import io.steadfast.readiness.infrastructure.ReadinessChanges;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * {@code steadfast-database} in {@code /health/ready} (management port): DOWN while payments
 * cannot commit on the database (it does not answer, or PostgreSQL's
 * {@code max_prepared_transactions} is 0), with the reason and the fix in {@code reason}. A
 * database that does not answer is a DOWN answer, not an exception ({@link DatabaseInspection}
 * turns every failure into {@link DatabaseStatus#unreachable}); STEADFAST-HEALTH-0001 in the log
 * when the reason comes or changes.
 *
 * <p>It lives in a library of the EAR (lib/steadfast-health.jar), because WildFly's MicroProfile
 * Health selects the checks of an EAR from one bean manager, which sees the EAR's libraries but
 * not the beans of its EJB module or of another WAR.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    static final String NAME = "steadfast-database";

    @Override
    public HealthCheckResponse call() {
        DatabaseStatus status;
        try {
            status = DatabaseInspection.inspect(InitialContext.<DataSource>doLookup(DatabaseInspection.DATASOURCE));
        } catch (NamingException e) {
            status = DatabaseStatus.unreachable("no datasource " + DatabaseInspection.DATASOURCE + ": " + e.getMessage());
        }
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).status(status.ready())
                .withData("database", status.product())
                .withData("version", status.version());
        status.maxPreparedTransactions().ifPresent(n -> b.withData("max_prepared_transactions", n));
        status.problem().ifPresent(p -> b.withData("reason", p));
        ReadinessChanges.LOG.observe(NAME, new Verdict(status.problem()), HealthLogger.LOG::databaseDown);
        return b.build();
    }
}
