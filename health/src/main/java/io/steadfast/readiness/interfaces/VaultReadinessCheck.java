package io.steadfast.readiness.interfaces;

import io.steadfast.readiness.application.VaultReadiness;
import io.steadfast.readiness.application.Verdict;
import io.steadfast.readiness.infrastructure.HealthLogger;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.util.Arrays;
import java.util.List;

/**
 * {@code steadfast-vault} in {@code /health/ready}: DOWN while the vault cannot store payments'
 * receipts for good ({@link VaultReadiness}). Reads the vault's health through the MXBean
 * {@value VaultReadiness#MXBEAN}, which the EJB module registers: this library cannot see the
 * vault's classes, and WildFly's MicroProfile Health does not find checks in the EJB module.
 */
@Readiness
@ApplicationScoped
public class VaultReadinessCheck extends ModelReadinessCheck {

    @Override
    String name() {
        return "steadfast-vault";
    }

    @Override
    Verdict inspect(HealthCheckResponseBuilder data) throws JMException {
        CompositeData health = (CompositeData) model.server().getAttribute(new ObjectName(VaultReadiness.MXBEAN), VaultReadiness.ATTRIBUTE);
        String status = (String) health.get("status");
        List<String> offline = Arrays.asList((String[]) health.get("offlineDisks"));
        List<String> problems = Arrays.asList((String[]) health.get("problems"));
        data.withData("status", status);
        if (!offline.isEmpty()) {
            data.withData("offline_disks", String.join("; ", offline));
        }
        if (!problems.isEmpty()) {
            data.withData("problems", String.join("; ", problems));
        }
        return VaultReadiness.of(status, offline, problems);
    }

    @Override
    Verdict unreadable(String cause) {
        return VaultReadiness.unreachable(cause);
    }

    @Override
    void logDown(String reason) {
        HealthLogger.LOG.vaultDown(reason);
    }
}
