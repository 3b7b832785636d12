package io.steadfast.transactions.infrastructure;

import io.steadfast.readiness.application.TransactionsReadiness;
import io.steadfast.readiness.application.Verdict;
import io.steadfast.readiness.infrastructure.HealthLogger;
import io.steadfast.readiness.infrastructure.ManagementModel;
import io.steadfast.readiness.infrastructure.ReadinessChanges;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.management.JMException;

/**
 * Says at deployment, without waiting for a probe of {@code /health/ready}, when the transaction
 * manager runs with WildFly's default node identifier (STEADFAST-HEALTH-0003, WARN) or recovery
 * cannot reach the vault or the XA datasource (STEADFAST-HEALTH-0004). The readiness checks
 * {@code steadfast-node-identifier} and {@code steadfast-recovery} share the log of changes, so
 * their first probe does not repeat it.
 *
 * <p>The check runs a second after deployment, from a non-persistent timer, not in
 * {@code @PostConstruct}: while the deployment is being installed the management model does not
 * answer for {@code subsystem=transactions}, so a read at that point always failed, and WildFly
 * logged it as an ERROR (WFLYCTL0013) at every start while the check itself said nothing.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TransactionManagerCheck {

    @Resource
    TimerService timers;

    @PostConstruct
    void scheduleCheck() {
        timers.createSingleActionTimer(1000, new TimerConfig("transaction manager check", false));
    }

    @Timeout
    void check() {
        ManagementModel model = new ManagementModel();
        try {
            ReadinessChanges.LOG.observe(TransactionsReadiness.NODE_IDENTIFIER_CHECK, TransactionsReadiness.nodeIdentifier(model.nodeIdentifier()),
                    HealthLogger.LOG::nodeIdentifierDown);
            ReadinessChanges.LOG.observe(TransactionsReadiness.RECOVERY_CHECK, TransactionsReadiness.recovery(model.vaultRecovery(), model.datasourceRecovery()),
                    HealthLogger.LOG::recoveryDown);
        } catch (JMException | RuntimeException e) {
            // The readiness checks say so at their first probe; deployment goes on.
            HealthLogger.LOG.debugf(e, "transaction manager settings not readable at start-up");
        }
    }
}
