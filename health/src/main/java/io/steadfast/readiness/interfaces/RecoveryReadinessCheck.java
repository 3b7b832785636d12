package io.steadfast.readiness.interfaces;

import io.steadfast.readiness.application.TransactionsReadiness;
import io.steadfast.readiness.application.TransactionsReadiness.RecoverySettings;
import io.steadfast.readiness.application.Verdict;
import io.steadfast.readiness.infrastructure.HealthLogger;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import javax.management.JMException;

/**
 * {@code steadfast-recovery} in {@code /health/ready}: DOWN while Narayana's periodic recovery
 * cannot reach the vault or the XA datasource ({@link TransactionsReadiness#recovery}), as the
 * management model configures them. A scan that fails at run time (a resource that throws from
 * {@code recover}) shows only in Narayana's log (ARJUNA016xxx); see docs/architecture.md.
 */
@Readiness
@ApplicationScoped
public class RecoveryReadinessCheck extends ModelReadinessCheck {

    @Override
    String name() {
        return TransactionsReadiness.RECOVERY_CHECK;
    }

    @Override
    Verdict inspect(HealthCheckResponseBuilder data) throws JMException {
        RecoverySettings vault = model.vaultRecovery();
        RecoverySettings datasource = model.datasourceRecovery();
        data.withData("vault", describe(vault)).withData("datasource", describe(datasource));
        return TransactionsReadiness.recovery(vault, datasource);
    }

    @Override
    Verdict unreadable(String cause) {
        return Verdict.down("the recovery settings cannot be read from the management model: " + cause);
    }

    @Override
    void logDown(String reason) {
        HealthLogger.LOG.recoveryDown(reason);
    }

    private static String describe(RecoverySettings s) {
        return !s.exists() ? "not configured" : s.noRecovery() ? "no-recovery" : s.credential() ? "recovered" : "no recovery credentials";
    }
}
