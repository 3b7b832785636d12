package io.steadfast.overview.infrastructure;

import io.steadfast.overview.application.Overview;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview's figures that WildFly keeps, read from its management model through the platform
 * MBean server (the jmx subsystem exposes it resolved, domain {@code jboss.as}), like the
 * readiness checks' {@code ManagementModel}: Narayana's statistics and the vault's configured disk
 * directories. (The log store is read by {@code LogStore}, its one owner.)
 */
public final class PlatformFigures {

    static final String TRANSACTIONS = "jboss.as:subsystem=transactions";
    static final String VAULT_DIRECTORIES =
            "jboss.as:subsystem=resource-adapters,resource-adapter=steadfast-vault,connection-definitions=Vault,config-properties=directories";
    static final String SERVER_ENVIRONMENT = "jboss.as:core-service=server-environment";

    private final MBeanServer server;

    public PlatformFigures() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    PlatformFigures(MBeanServer server) {
        this.server = server;
    }

    /** Narayana's statistics; statistics-enabled is set by configure-transactions.cli. */
    public Overview.Transactions transactions() throws JMException {
        ObjectName tx = new ObjectName(TRANSACTIONS);
        return new Overview.Transactions(number(tx, "numberOfCommittedTransactions"), number(tx, "numberOfAbortedTransactions"),
                number(tx, "numberOfHeuristics"), number(tx, "numberOfInflightTransactions"),
                number(tx, "numberOfTimedOutTransactions"), number(tx, "numberOfApplicationRollbacks"),
                number(tx, "numberOfResourceRollbacks"));
    }

    /** The vault's disk directories as configured (configure-vault.cli), in order; empty when unknown. */
    public List<String> vaultDirectories() throws JMException {
        ObjectName name = new ObjectName(VAULT_DIRECTORIES);
        if (!server.isRegistered(name)) {
            return List.of();
        }
        Object value = server.getAttribute(name, "value");
        List<String> dirs = new ArrayList<>();
        if (value != null) {
            for (String d : value.toString().split(",")) {
                if (!d.isBlank()) {
                    dirs.add(d.trim());
                }
            }
        }
        return dirs;
    }

    /** The server's node name. */
    public String nodeName() throws JMException {
        return String.valueOf(server.getAttribute(new ObjectName(SERVER_ENVIRONMENT), "nodeName"));
    }

    private long number(ObjectName name, String attribute) throws JMException {
        Object v = server.getAttribute(name, attribute);
        return v instanceof Number n ? n.longValue() : -1;
    }
}
