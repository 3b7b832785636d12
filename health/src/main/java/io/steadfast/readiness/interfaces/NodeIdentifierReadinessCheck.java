package io.steadfast.readiness.interfaces;

import io.steadfast.readiness.application.TransactionsReadiness;
import io.steadfast.readiness.application.Verdict;
import io.steadfast.readiness.infrastructure.HealthLogger;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import javax.management.JMException;

/**
 * {@code steadfast-node-identifier} in {@code /health/ready}: DOWN while the transaction manager
 * runs with WildFly's default node identifier "1" ({@link TransactionsReadiness#nodeIdentifier}),
 * read from the transactions subsystem in the management model.
 */
@Readiness
@ApplicationScoped
public class NodeIdentifierReadinessCheck extends ModelReadinessCheck {

    @Override
    String name() {
        return TransactionsReadiness.NODE_IDENTIFIER_CHECK;
    }

    @Override
    Verdict inspect(HealthCheckResponseBuilder data) throws JMException {
        String nodeIdentifier = model.nodeIdentifier();
        data.withData("node_identifier", String.valueOf(nodeIdentifier));
        return TransactionsReadiness.nodeIdentifier(nodeIdentifier);
    }

    @Override
    Verdict unreadable(String cause) {
        return Verdict.down("the transaction manager's node identifier cannot be read from the management model "
                + "(jboss.as:subsystem=transactions; the jmx subsystem needs expose-resolved-model): " + cause);
    }

    @Override
    void logDown(String reason) {
        HealthLogger.LOG.nodeIdentifierDown(reason);
    }
}
