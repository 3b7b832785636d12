package io.steadfast.vault.engine;

import java.util.function.Function;

/**
 * The engine's tuning, apart from its layout ({@link VaultConfig}). Each setting has its default
 * here and only here; the resource adapter reads the properties through MicroProfile Config
 * ({@code VaultSettings}), a benchmark from system properties.
 *
 * @param maxPendingBytes        {@value #MAX_PENDING_BYTES}: commits wait while more committed
 *                               bytes than this wait in memory for the applier, so memory stays bounded
 * @param visibleWaitMillis      {@value #VISIBLE_WAIT_MILLIS}: how long a commit of a cluster's
 *                               vault waits for the applier to make it readable by the other
 *                               nodes before it returns all the same (0: it does not wait)
 * @param journalForcesInFlight  {@value #FORCES_IN_FLIGHT}: how many journal batches may be
 *                               forcing at once
 */
public record VaultTuning(long maxPendingBytes, long visibleWaitMillis, int journalForcesInFlight) {

    public static final String MAX_PENDING_BYTES = "steadfast.vault.max-pending-bytes";
    public static final String VISIBLE_WAIT_MILLIS = "steadfast.vault.visible-wait-ms";
    public static final String FORCES_IN_FLIGHT = "steadfast.vault.journal.forces-in-flight";
    static final int MAX_FORCES_IN_FLIGHT = 1024;

    /**
     * The defaults. One force in flight: on the 2-core machine of PERFORMANCE.md, 16 writers commit
     * fastest with one (11,180 commits/s; 8,926 with 4 in flight, 8,706 with 8); raise it where
     * cores are spare and the disk is the bound.
     */
    public static final VaultTuning DEFAULTS = new VaultTuning(64L << 20, 10_000, 1);

    public VaultTuning {
        if (maxPendingBytes < 1 || visibleWaitMillis < 0 || journalForcesInFlight < 1 || journalForcesInFlight > MAX_FORCES_IN_FLIGHT) {
            throw new IllegalArgumentException("vault tuning out of range: " + MAX_PENDING_BYTES + " >= 1, " + VISIBLE_WAIT_MILLIS + " >= 0 and "
                    + FORCES_IN_FLIGHT + " from 1 to " + MAX_FORCES_IN_FLIGHT + " (got " + maxPendingBytes + ", " + visibleWaitMillis + ", " + journalForcesInFlight + ")");
        }
    }

    /**
     * The tuning from {@code numbers}, which gives each property's value as a number, or null when
     * it is not set (its default). Parsing is the source's: MicroProfile Config's converter in the
     * server, which refuses a value that is not a number, naming the property.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public static VaultTuning from(Function<String, Long> numbers) {
        Long pending = numbers.apply(MAX_PENDING_BYTES);
        Long wait = numbers.apply(VISIBLE_WAIT_MILLIS);
        Long forces = numbers.apply(FORCES_IN_FLIGHT);
        if (forces != null && (forces < 1 || forces > MAX_FORCES_IN_FLIGHT)) {
            throw new IllegalArgumentException(FORCES_IN_FLIGHT + " must be from 1 to " + MAX_FORCES_IN_FLIGHT + ", not " + forces);
        }
        return new VaultTuning(pending == null ? DEFAULTS.maxPendingBytes : pending, wait == null ? DEFAULTS.visibleWaitMillis : wait,
                forces == null ? DEFAULTS.journalForcesInFlight : forces.intValue());
    }
}
