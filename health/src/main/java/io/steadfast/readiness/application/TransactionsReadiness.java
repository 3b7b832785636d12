package io.steadfast.readiness.application;

/**
 * Whether the transaction manager can complete and recover payments on this node: its node
 * identifier, and whether periodic recovery reaches the vault and the XA datasource.
 */
public final class TransactionsReadiness {

    /** The readiness checks' names, also the keys of their reasons in the log of changes. */
    public static final String NODE_IDENTIFIER_CHECK = "steadfast-node-identifier";
    public static final String RECOVERY_CHECK = "steadfast-recovery";

    /** WildFly's node identifier when none is configured (the transactions subsystem's default). */
    public static final String WILDFLY_DEFAULT_NODE_IDENTIFIER = "1";

    private TransactionsReadiness() {
    }

    /**
     * Not ready with WildFly's default node identifier: Narayana's recovery takes every branch
     * whose Xid carries this node's identifier as its own, so two servers left at "1" on one
     * database or vault roll back each other's in-flight branches. The project's scripts write
     * {@code ${steadfast.node.id:steadfast-1}}; "1" means the transactions subsystem was not
     * configured by configure-transactions.cli (or was changed since). {@code steadfast-1}, the
     * scripts' default, is fine on a single server; each node of a cluster must set its own
     * {@code steadfast.node.id}, which one server cannot check alone.
     *
     * @param nodeIdentifier the resolved {@code node-identifier}, null if it could not be read
     */
    public static Verdict nodeIdentifier(String nodeIdentifier) {
        if (nodeIdentifier == null || nodeIdentifier.isBlank()) {
            return Verdict.down("the transaction manager's node identifier is not set");
        }
        if (WILDFLY_DEFAULT_NODE_IDENTIFIER.equals(nodeIdentifier.trim())) {
            return Verdict.down("the transaction manager's node identifier is WildFly's default \"1\": servers that share it "
                    + "roll back each other's transactions during recovery. Run standalone-config/configure-transactions.cli "
                    + "(node-identifier ${steadfast.node.id:steadfast-1}) and give every node its own steadfast.node.id, then reload");
        }
        return Verdict.ready();
    }

    /**
     * How recovery is configured for one XA resource, as the management model says.
     *
     * @param resource   its address, for the reason
     * @param exists     false when the resource is not configured at all
     * @param noRecovery {@code no-recovery=true}: recovery never scans it
     * @param credential whether it has what IronJacamar needs to register it with recovery (a
     *                   recovery user name, security domain or Elytron authentication); without
     *                   it IronJacamar logs IJ020016 and leaves it out. Always true for a datasource,
     *                   which recovers with its own user.
     */
    public record RecoverySettings(String resource, boolean exists, boolean noRecovery, boolean credential) {
    }

    /**
     * Not ready when periodic recovery cannot reach one of the XA resources a payment uses: its
     * branches left in doubt by a crash would stay in doubt (locks held, receipts neither written
     * nor removed).
     */
    public static Verdict recovery(RecoverySettings... resources) {
        StringBuilder why = new StringBuilder();
        for (RecoverySettings r : resources) {
            String problem = null;
            if (!r.exists()) {
                problem = r.resource() + " is not configured";
            } else if (r.noRecovery()) {
                problem = r.resource() + " has no-recovery=true";
            } else if (!r.credential()) {
                problem = r.resource() + " has no recovery credentials (IronJacamar logs IJ020016 and leaves it out of recovery)";
            }
            if (problem != null) {
                why.append(why.isEmpty() ? "" : "; ").append(problem);
            }
        }
        if (why.isEmpty()) {
            return Verdict.ready();
        }
        return Verdict.down("transaction recovery cannot reach every resource of a payment: " + why
                + ". Run standalone-config/configure-vault.cli and configure-datasource*.cli, then reload");
    }
}
