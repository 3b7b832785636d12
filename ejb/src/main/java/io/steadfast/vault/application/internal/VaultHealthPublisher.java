package io.steadfast.vault.application.internal;

import io.steadfast.readiness.application.VaultReadiness;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.application.VaultAdministration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;

/**
 * Registers {@link VaultHealthMXBean} while the EJB module is deployed. A read asks
 * {@link VaultAdministration#health()} through its EJB proxy (so with the module's naming context
 * and class loader, whichever thread reads), the same answer GET /api/v1/admin/vault gives.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VaultHealthPublisher {

    @EJB
    VaultAdministration administration;

    private ObjectName name;

    @PostConstruct
    void register() {
        try {
            name = new ObjectName(VaultReadiness.MXBEAN);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left by a deployment that did not stop cleanly
            }
            VaultAdministration admin = administration;
            VaultHealthMXBean bean = () -> view(admin.health());
            server.registerMBean(new StandardMBean(bean, VaultHealthMXBean.class, true), name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + VaultReadiness.MXBEAN + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            // already gone: nothing to do
        }
    }

    static VaultHealthMXBean.View view(VaultHealth health) {
        return new VaultHealthMXBean.View(health.status().name(), health.offlineDisks(), health.problems());
    }
}
