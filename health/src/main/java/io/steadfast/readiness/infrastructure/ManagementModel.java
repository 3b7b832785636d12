package io.steadfast.readiness.infrastructure;

import io.steadfast.readiness.application.TransactionsReadiness.RecoverySettings;

import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Reads WildFly's management model through the platform MBean server: the jmx subsystem of
 * standalone.xml (and standalone-ha.xml) exposes it resolved ({@code <expose-resolved-model/>}, domain
 * {@code jboss.as}), so system-property expressions arrive as their values. Reads the model as
 * configured; an attribute written with "reload-required" shows its new value before the reload.
 */
public final class ManagementModel {

    static final String TRANSACTIONS = "jboss.as:subsystem=transactions";
    static final String SERVER = "jboss.as:management-root=server";
    static final String VAULT_CONNECTION_DEFINITION =
            "jboss.as:subsystem=resource-adapters,resource-adapter=steadfast-vault,connection-definitions=Vault";
    static final String XA_DATASOURCE = "jboss.as:subsystem=datasources,xa-data-source=SteadfastXADS";

    private final MBeanServer server;

    public ManagementModel() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    ManagementModel(MBeanServer server) {
        this.server = server;
    }

    public MBeanServer server() {
        return server;
    }

    /**
     * True while the server boots ({@code server-state} "starting"): its model is not complete
     * yet, so what a check would read is not the configuration. False when the state cannot be
     * read (the check then reads the model as it is).
     */
    public boolean starting() {
        try {
            return "starting".equals(String.valueOf(server.getAttribute(new ObjectName(SERVER), "serverState")));
        } catch (JMException | RuntimeException e) {
            return false;
        }
    }

    /** The transactions subsystem's {@code node-identifier}, resolved. */
    public String nodeIdentifier() throws JMException {
        return (String) server.getAttribute(new ObjectName(TRANSACTIONS), "nodeIdentifier");
    }

    /** How recovery reaches the vault's connection definition (configure-vault.cli). */
    public RecoverySettings vaultRecovery() throws JMException {
        String address = "/subsystem=resource-adapters/resource-adapter=steadfast-vault/connection-definitions=Vault";
        ObjectName name = new ObjectName(VAULT_CONNECTION_DEFINITION);
        if (!server.isRegistered(name)) {
            return new RecoverySettings(address, false, false, false);
        }
        boolean credential = optional(name, "recoveryUsername") != null || optional(name, "recoverySecurityDomain") != null
                || Boolean.TRUE.equals(optional(name, "recoveryElytronEnabled"));
        return new RecoverySettings(address, true, Boolean.TRUE.equals(optional(name, "noRecovery")), credential);
    }

    /** How recovery reaches the XA datasource: with its own user, unless no-recovery is set. */
    public RecoverySettings datasourceRecovery() throws JMException {
        String address = "/subsystem=datasources/xa-data-source=SteadfastXADS";
        ObjectName name = new ObjectName(XA_DATASOURCE);
        if (!server.isRegistered(name)) {
            return new RecoverySettings(address, false, false, false);
        }
        return new RecoverySettings(address, true, Boolean.TRUE.equals(optional(name, "noRecovery")), true);
    }

    /** An attribute that may be undefined (null) or unknown to this server version (null as well). */
    private Object optional(ObjectName name, String attribute) throws JMException {
        try {
            return server.getAttribute(name, attribute);
        } catch (AttributeNotFoundException e) {
            return null;
        }
    }
}
