package io.steadfast.bench;

import io.steadfast.vault.api.VaultStatistics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Counts what one disk benchmark costs during its measured iterations only: operations, the
 * vault's journal batches and forces (when there is a vault), and the process CPU time (every
 * thread of the fork: the writers, the journal's forcing threads, the applier, JMH itself).
 *
 * <p>At the end of the trial it prints one line and, when {@code -Dbench.stats=FILE} is set,
 * appends it to that file as tab-separated fields for {@link Bench}:
 * {@code method ops batches forces cpuNanos wallNanos}.
 */
final class CommitMeter {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Operations of the raw baselines (the vault counts its own commits). */
    final AtomicLong ops = new AtomicLong();
    private final Supplier<VaultStatistics> vault;
    private long startOps;
    private long startBatches;
    private long startForces;
    private long startCheckpoints;
    private long startCheckpointMillis;
    private long sumCheckpoints;
    private long sumCheckpointMillis;
    private long startCpu;
    private long startWall;
    private long sumOps;
    private long sumBatches;
    private long sumForces;
    private long sumCpu;
    private long sumWall;
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final java.util.Map<Long, Long> threadStart = new java.util.HashMap<>();
    private final java.util.Map<String, Long> byThread = new java.util.TreeMap<>();

    /** @param vault the vault's counters, or null for a raw baseline */
    CommitMeter(Supplier<VaultStatistics> vault) {
        this.vault = vault;
    }

    private long opsNow() {
        return vault == null ? ops.get() : vault.get().onePhaseCommits();
    }

    void iterationStart() {
        startOps = opsNow();
        if (vault != null) {
            VaultStatistics s = vault.get();
            startBatches = s.journalBatches();
            startForces = s.journalForces();
            startCheckpoints = s.checkpoints();
            startCheckpointMillis = s.checkpointMillis();
        }
        threadStart.clear();
        for (long id : THREADS.getAllThreadIds()) {
            threadStart.put(id, THREADS.getThreadCpuTime(id));
        }
        startCpu = OS.getProcessCpuTime();
        startWall = System.nanoTime();
    }

    void iterationEnd() {
        sumWall += System.nanoTime() - startWall;
        sumCpu += OS.getProcessCpuTime() - startCpu;
        sumOps += opsNow() - startOps;
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(t.getThreadId());
            long delta = now - threadStart.getOrDefault(t.getThreadId(), 0L);
            if (now > 0 && delta > 0) {
                byThread.merge(t.getThreadName().replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+$", ""), delta, Long::sum);
            }
        }
        if (vault != null) {
            VaultStatistics s = vault.get();
            sumBatches += s.journalBatches() - startBatches;
            sumForces += s.journalForces() - startForces;
            sumCheckpoints += s.checkpoints() - startCheckpoints;
            sumCheckpointMillis += s.checkpointMillis() - startCheckpointMillis;
        }
    }

    void report(String benchmark) throws IOException {
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        double ops = Math.max(1, sumOps);
        System.out.printf(Locale.ROOT, "%n[meter] %s: %d ops in %.1f s measured; %s%.1f us CPU per op (%.2f cores busy)%n", method, sumOps,
                sumWall / 1e9,
                vault == null ? "" : String.format(Locale.ROOT, "%d journal batches, %.2f commits per force, %.2f forces per batch, "
                        + "%d checkpoints holding commits back %d ms, ", sumBatches, ops / Math.max(1, sumBatches),
                        (double) sumForces / Math.max(1, sumBatches), sumCheckpoints, sumCheckpointMillis),
                sumCpu / ops / 1e3, (double) sumCpu / Math.max(1, sumWall));
        StringBuilder threads = new StringBuilder();
        byThread.forEach((name, nanos) -> threads.append(String.format(Locale.ROOT, " %s=%.1f", name, nanos / ops / 1e3)));
        System.out.printf(Locale.ROOT, "[meter] %s: us CPU per op by thread:%s%n", method, threads);
        String file = System.getProperty("bench.stats");
        if (file != null) {
            Files.writeString(Path.of(file), String.join("\t", method, Long.toString(sumOps), Long.toString(sumBatches), Long.toString(sumForces),
                    Long.toString(sumCpu), Long.toString(sumWall), Long.toString(sumCheckpoints), Long.toString(sumCheckpointMillis)) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
