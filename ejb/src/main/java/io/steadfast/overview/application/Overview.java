package io.steadfast.overview.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The figures an operator looks at first, at one moment on one node. Counters (transactions,
 * vault) are totals since the server (or the vault) started, so a chart shows their rate as the
 * difference between two samples.
 *
 * @param at           when the figures were read
 * @param node         the server's node name
 * @param vault        the vault's state, per disk
 * @param transactions Narayana's statistics
 * @param payments     payments per state, every state listed (0 when none)
 * @param inDoubt      transactions in Narayana's log store (a fresh probe); -1 when it could not be read
 */
public record Overview(Instant at, String node, Vault vault, Transactions transactions, Map<String, Long> payments, long inDoubt) {

    public Overview {
        payments = Map.copyOf(payments);
    }

    /**
     * The vault.
     *
     * @param status            UP, DEGRADED or DOWN
     * @param disks             every configured disk, in order
     * @param problems          what else keeps it from UP (its applier)
     * @param repairs           chunks rewritten from redundancy since the vault opened
     * @param recoveredBranches prepared branches found in its journal at start-up
     * @param twoPhaseCommits   branches committed after a prepare
     * @param rollbacks         branches rolled back
     */
    public record Vault(String status, List<Disk> disks, List<String> problems, long repairs, long recoveredBranches,
                        long twoPhaseCommits, long rollbacks) {
        public Vault {
            disks = List.copyOf(disks);
            problems = List.copyOf(problems);
        }
    }

    /**
     * One disk of the vault.
     *
     * @param index  from 0, as the rebuild action takes it
     * @param path   its directory
     * @param state  IN_SERVICE or LOST
     * @param reason why it is out of service; null when in service
     */
    public record Disk(int index, String path, String state, String reason) {
    }

    /**
     * Narayana's statistics (the transactions subsystem, statistics-enabled); -1 each when they
     * could not be read.
     *
     * @param committed            transactions committed
     * @param aborted              transactions rolled back, for any reason
     * @param heuristics           transactions that ended with a heuristic outcome
     * @param inFlight             transactions begun and not yet ended
     * @param timedOut             transactions rolled back by their timeout
     * @param applicationRollbacks rolled back by the application
     * @param resourceRollbacks    rolled back because a resource failed (prepare voted no, or failed)
     */
    public record Transactions(long committed, long aborted, long heuristics, long inFlight, long timedOut,
                               long applicationRollbacks, long resourceRollbacks) {

        public static final Transactions UNKNOWN = new Transactions(-1, -1, -1, -1, -1, -1, -1);
    }
}
