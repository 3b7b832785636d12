package io.steadfast.overview.interfaces.rest;

import io.steadfast.overview.application.Overview;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** {@link Overview} as the API answers it. Counters are totals since start; -1 means "could not be read". */
@Schema(name = "Overview", requiredProperties = {"at", "node", "vault", "transactions", "payments", "inDoubt"})
public record OverviewView(@Schema(format = "date-time") String at,
                           @Schema(description = "The server's node name: each node samples its own figures.") String node,
                           VaultView vault,
                           TransactionsView transactions,
                           @Schema(description = "Payments per state, every state listed.",
                                   additionalProperties = Long.class) Map<String, Long> payments,
                           @Schema(description = "Transactions in Narayana's log store (a fresh probe): prepared and not completed; -1 when unknown.")
                           long inDoubt) {

    /** The vault, per disk. */
    @Schema(name = "OverviewVault", requiredProperties = {"status", "disks", "problems", "repairs", "recoveredBranches", "twoPhaseCommits", "rollbacks"})
    public record VaultView(@Schema(enumeration = {"UP", "DEGRADED", "DOWN"}) String status,
                            List<DiskView> disks,
                            @Schema(description = "What else keeps the vault from UP.") List<String> problems,
                            @Schema(description = "Chunks rewritten from redundancy since the vault opened.") long repairs,
                            @Schema(description = "Prepared branches found in the vault's journal at start-up.") long recoveredBranches,
                            long twoPhaseCommits, long rollbacks) {
    }

    /** One disk. */
    @Schema(name = "OverviewDisk", requiredProperties = {"index", "path", "state"})
    public record DiskView(@Schema(description = "From 0, as POST /admin/vault/disks/{index}/rebuild takes it.") int index,
                           String path,
                           @Schema(enumeration = {"IN_SERVICE", "LOST"}) String state,
                           @Schema(description = "Why the disk is out of service; absent when in service.") String reason) {
    }

    /** Narayana's statistics (totals since the server started). */
    @Schema(name = "OverviewTransactions",
            requiredProperties = {"committed", "aborted", "heuristics", "inFlight", "timedOut", "applicationRollbacks", "resourceRollbacks"})
    public record TransactionsView(long committed, long aborted, long heuristics, long inFlight, long timedOut,
                                   long applicationRollbacks, long resourceRollbacks) {
    }

    static OverviewView of(Overview o) {
        Overview.Vault v = o.vault();
        Overview.Transactions t = o.transactions();
        return new OverviewView(o.at().toString(), o.node(),
                new VaultView(v.status(), v.disks().stream().map(d -> new DiskView(d.index(), d.path(), d.state(), d.reason())).toList(),
                        v.problems(), v.repairs(), v.recoveredBranches(), v.twoPhaseCommits(), v.rollbacks()),
                new TransactionsView(t.committed(), t.aborted(), t.heuristics(), t.inFlight(), t.timedOut(),
                        t.applicationRollbacks(), t.resourceRollbacks()),
                new java.util.TreeMap<>(o.payments()), o.inDoubt());
    }
}
