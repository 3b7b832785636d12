package io.steadfast.bench;

import io.steadfast.vault.engine.ErasureBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the vault benchmarks and their baselines in one invocation and reports each row as a
 * ratio against its baseline, with the target and whether it is met.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar [--quick] [--out FILE]
 * </pre>
 *
 * The disk rows are measured in rounds that alternate the vault with its baseline, because the
 * speed of a shared virtual disk drifts: each ratio is taken within a round, and the report gives
 * the median round and the range.
 */
public final class Bench {

    private Bench() {
    }

    record Row(String name, String measured, String baseline, double ratio, String target, boolean met) {
    }

    private static final List<String> DISK_ORDER = List.of("rawWriteForce1Writer", "vaultPutCommit1Writer", "vaultPutCommit16Writers",
            "singleDiskVaultPutCommit1Writer", "rawWriteForce16Writers");

    @Command(name = "benchmarks.jar", mixinStandardHelpOptions = true,
            description = "Runs every JMH benchmark with its baseline in the same invocation and writes the table of ratios.")
    static final class Args {
        @Option(names = "--quick", description = "fewer and shorter iterations (about a minute)")
        boolean quick;
        @Option(names = "--disk-only", description = "only the disk rows (vault commits and their raw baselines), not the CPU rows")
        boolean diskOnly;
        @Option(names = "--rounds", description = "rounds of the disk rows (default: 2 with --quick, else 3)")
        Integer rounds;
        @Option(names = "--out", description = "where the table goes (default ${DEFAULT-VALUE})")
        Path out = Path.of("bench", "target", "results.md");
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Args a;
        try {
            a = CommandLines.parse(new Args(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean quick = a.quick;
        Path out = a.out;
        Collection<RunResult> compute = a.diskOnly ? List.of() : new Runner(new OptionsBuilder()
                .include(ChecksumBenchmark.class.getName())
                .include(ErasureBenchmark.class.getName())
                .include(IntegrityCodesBenchmark.class.getName())
                .include(ReceiptSignatureBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .timeUnit(TimeUnit.SECONDS)
                .build()).run();

        int rounds = a.rounds != null ? a.rounds : quick ? 2 : 3;
        List<Map<String, Double>> perRound = new ArrayList<>();
        List<Map<String, Meter>> metersPerRound = new ArrayList<>();
        Path statsDir = out.toAbsolutePath().getParent().resolve("commit-meters");
        Files.createDirectories(statsDir);
        for (int round = 0; round < rounds; round++) {
            List<String> sequence = new ArrayList<>(DISK_ORDER);
            if (round % 2 == 1) {
                Collections.reverse(sequence);
            }
            Map<String, Double> scores = new HashMap<>();
            Map<String, Meter> meters = new HashMap<>();
            for (String method : sequence) {
                Path stats = statsDir.resolve("round-" + (round + 1) + "-" + method + ".tsv");
                Files.deleteIfExists(stats);
                Collection<RunResult> one = new Runner(new OptionsBuilder()
                        .include(CommitBenchmark.class.getName() + "\\." + method + "$")
                        .jvmArgsAppend("-Dbench.stats=" + stats)
                        .forks(1)
                        .warmupIterations(1)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(quick ? 1 : 2)
                        .measurementTime(TimeValue.seconds(2))
                        .timeUnit(TimeUnit.SECONDS)
                        .build()).run();
                scores.put(method, score(one, method, null));
                meters.put(method, Meter.read(stats));
            }
            perRound.add(scores);
            metersPerRound.add(meters);
            System.out.printf(Locale.ROOT, "%nround %d of %d: %s%n", round + 1, rounds, scores);
        }

        List<Row> rows = new ArrayList<>();
        if (!a.diskOnly) {
            addComputeRows(rows, compute);
            addIntegrityRows(rows, compute);
        }
        addDiskRow(rows, perRound, "Vault put+commit 4 KiB, 1 writer", "vaultPutCommit1Writer", ">= 0.4x", 0.4);
        addDiskRow(rows, perRound, "Vault put+commit 4 KiB, 16 writers", "vaultPutCommit16Writers", ">= 4x", 4);
        addDiskRow(rows, perRound, "(context) Vault on one directory, 1 writer", "singleDiskVaultPutCommit1Writer", "-", 0);
        addDiskRow(rows, perRound, "(context) Raw write+force, 16 writers on 16 files", "rawWriteForce16Writers", "-", 0);

        StringBuilder md = new StringBuilder();
        md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version")).append(quick ? " (quick)" : "")
                .append(", disk rows in ").append(rounds).append(" alternating rounds\n\n");
        md.append("| row | measured | baseline (same run) | ratio | target | met |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2fx | %s | %s |%n", r.name(), r.measured(), r.baseline(),
                    r.ratio(), r.target(), r.target().equals("-") ? "-" : r.met() ? "yes" : "**no**"));
        }
        md.append("\nWhat each disk row cost, per round (measured iterations only; CPU is the whole fork's process CPU time):\n\n");
        md.append("| row | round | ops/s | commits per force | forces per batch | CPU per op | cores busy | checkpoints (commits held back) |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (String method : DISK_ORDER) {
            for (int r = 0; r < metersPerRound.size(); r++) {
                Meter m = metersPerRound.get(r).get(method);
                if (m == null) {
                    continue;
                }
                boolean vault = method.startsWith("vault") || method.startsWith("singleDiskVault");
                md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %s | %s | %.1f us | %.2f | %s |%n", method, r + 1, perRound.get(r).get(method),
                        vault ? String.format(Locale.ROOT, "%.2f", m.commitsPerForce()) : "-",
                        vault ? String.format(Locale.ROOT, "%.2f", m.forcesPerBatch()) : "-", m.cpuMicrosPerOp(), m.coresBusy(),
                        vault ? String.format(Locale.ROOT, "%d (%,d ms)", m.checkpoints(), m.checkpointMillis()) : "-"));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    /** One disk benchmark's counters, as {@link CommitMeter} wrote them. */
    record Meter(long ops, long batches, long forces, long cpuNanos, long wallNanos, long checkpoints, long checkpointMillis) {

        static Meter read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return null;
            }
            String[] f = Files.readAllLines(file).get(0).split("\t");
            return new Meter(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]));
        }

        /** Commits per force of each journal copy: one force per copy per batch. */
        double commitsPerForce() {
            return (double) ops / Math.max(1, batches);
        }

        double forcesPerBatch() {
            return (double) forces / Math.max(1, batches);
        }

        double cpuMicrosPerOp() {
            return cpuNanos / 1e3 / Math.max(1, ops);
        }

        double coresBusy() {
            return (double) cpuNanos / Math.max(1, wallNanos);
        }
    }

    private static void addComputeRows(List<Row> rows, Collection<RunResult> results) {
        double crc4k = score(results, "crc32c", "4096");
        double copy4k = score(results, "arraycopyBaseline", "4096");
        double crc1m = score(results, "crc32c", "1048576");
        double copy1m = score(results, "arraycopyBaseline", "1048576");
        rows.add(new Row("CRC32C verify, 4 KiB", mbps(crc4k, 4096), mbps(copy4k, 4096) + " (arraycopy)", crc4k / copy4k, "-", true));
        rows.add(new Row("CRC32C verify, 1 MiB", mbps(crc1m, 1 << 20), mbps(copy1m, 1 << 20) + " (arraycopy)", crc1m / copy1m,
                ">= 0.5x", crc1m / copy1m >= 0.5));
        double copy = score(results, "copyBaseline", null);
        double parity = score(results, "parityEncodeK4", null);
        double rs = score(results, "reedSolomonEncodeK4M2", null);
        rows.add(new Row("Parity encode (k=4), 1 MiB, 1 core", mbps(parity, 1 << 20), mbps(copy, 1 << 20) + " (clone)", parity / copy,
                "-", true));
        rows.add(new Row("Reed-Solomon encode (k=4, m=2), 1 MiB, 1 core", mbps(rs, 1 << 20), mbps(copy, 1 << 20) + " (clone)", rs / copy,
                ">= 500 MB/s", rs * (1 << 20) / 1e6 >= 500));
    }

    /** Each code per payment row, against the row's canonical encoding (the listener's first step). */
    private static void addIntegrityRows(List<Row> rows, Collection<RunResult> results) {
        double base = score(results, "canonicalRow", null);
        String baseline = ns(base) + " (canonical encoding of the row)";
        String[][] codes = {
            {"crc32cOfRow", "Integrity: CRC32C of a payment row"},
            {"secdedEncode", "Integrity: SECDED encode of the amount"},
            {"secdedCheck", "Integrity: SECDED check of the amount"},
            {"hmacSealOfRow", "Integrity: HMAC-SHA256 seal of a payment row"},
            {"sealRow", "Integrity: all codes of a row written (encoding included)"},
            {"verifyRow", "Integrity: all codes of a row read (encoding included)"},
        };
        for (String[] c : codes) {
            double s = score(results, c[0], null);
            rows.add(new Row(c[1], ns(s), baseline, s / base, "-", true));
        }
        double jdk = score(results, "jdkSignBaseline", null);
        double bc = score(results, "bouncyCastleSign", null);
        rows.add(new Row("Receipt signature, Ed25519 (Bouncy Castle), 1 core", ns(bc), ns(jdk) + " (the JDK 17 signer)", bc / jdk, "-", true));
    }

    private static String ns(double opsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f ns", 1e9 / opsPerSecond);
    }

    /** The median round by ratio, with the range of ratios over all rounds. */
    private static void addDiskRow(List<Row> rows, List<Map<String, Double>> perRound, String name, String method,
                                   String target, double minRatio) {
        List<double[]> r = new ArrayList<>();
        for (Map<String, Double> scores : perRound) {
            double base = scores.get("rawWriteForce1Writer");
            r.add(new double[] {scores.get(method), base, scores.get(method) / base});
        }
        r.sort(Comparator.comparingDouble(x -> x[2]));
        double[] median = r.get(r.size() / 2);
        String range = String.format(Locale.ROOT, "; rounds %.2fx to %.2fx", r.get(0)[2], r.get(r.size() - 1)[2]);
        rows.add(new Row(name, ops(median[0]), ops(median[1]) + " (raw write+force, 1 writer" + range + ")", median[2],
                target, minRatio <= 0 || median[2] >= minRatio));
    }

    private static double score(Collection<RunResult> results, String method, String size) {
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            if (label.endsWith("." + method) && (size == null || size.equals(r.getParams().getParam("size")))) {
                return r.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("no result for " + method + (size == null ? "" : " size=" + size));
    }

    private static String mbps(double opsPerSecond, long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB/s", opsPerSecond * bytes / 1e6);
    }

    private static String ops(double opsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f commits/s", opsPerSecond);
    }
}
