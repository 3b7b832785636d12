package io.steadfast.vault.api;

/**
 * Counters of one vault engine since it was opened.
 *
 * @param prepares          branches prepared (journal record forced)
 * @param twoPhaseCommits   branches committed after a prepare
 * @param onePhaseCommits   branches committed with the one-phase optimisation
 * @param rollbacks         branches rolled back
 * @param readOnlyPrepares  branches that wrote nothing and voted read-only
 * @param recoveredBranches prepared branches found in the journal at start-up
 * @param repairs           damaged or missing chunks rewritten from redundancy
 * @param journalForces     forces of journal copies; fewer than prepares plus commits when group commit shares them
 * @param journalBatches    journal batches acknowledged, each shared by every record queued while the previous one was written
 * @param checkpoints       checkpoints (chunks forced, journal rewritten with its live records), mostly at journal rotation
 * @param checkpointMillis  time the checkpoints held every commit back
 */
public record VaultStatistics(long prepares, long twoPhaseCommits, long onePhaseCommits, long rollbacks,
                              long readOnlyPrepares, long recoveredBranches, long repairs,
                              long journalForces, long journalBatches, long checkpoints, long checkpointMillis) {
}
