package io.steadfast.bench;

import io.steadfast.vault.engine.ErasureBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the vault benchmarks and their baselines in one invocation and reports each row as a
 * ratio against its baseline, with the target and whether it is met.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar [--quick] [--out FILE]
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    record Row(String name, String measured, String baseline, double ratio, String target, boolean met) {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = List.of(args).contains("--quick");
        Path out = Path.of("bench", "target", "results.md");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[i + 1]);
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ChecksumBenchmark.class.getName())
                .include(ErasureBenchmark.class.getName())
                .include(CommitBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .timeUnit(TimeUnit.SECONDS)
                .shouldDoGC(true);
        Collection<RunResult> results = new Runner(options.build()).run();

        List<Row> rows = new ArrayList<>();
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
        double rsMb = rs * (1 << 20) / 1e6;
        rows.add(new Row("Parity encode (k=4), 1 MiB, 1 core", mbps(parity, 1 << 20), mbps(copy, 1 << 20) + " (clone)", parity / copy,
                "-", true));
        rows.add(new Row("Reed-Solomon encode (k=4, m=2), 1 MiB, 1 core", mbps(rs, 1 << 20), mbps(copy, 1 << 20) + " (clone)", rs / copy,
                ">= 500 MB/s", rsMb >= 500));
        double raw = score(results, "rawWriteForce1Writer", null);
        double v1 = score(results, "vaultPutCommit1Writer", null);
        double v16 = score(results, "vaultPutCommit16Writers", null);
        double raw16 = score(results, "rawWriteForce16Writers", null);
        double single = score(results, "singleDiskVaultPutCommit1Writer", null);
        rows.add(new Row("Vault put+commit 4 KiB, 1 writer", ops(v1), ops(raw) + " (raw write+force, 1 writer)", v1 / raw,
                ">= 0.4x", v1 / raw >= 0.4));
        rows.add(new Row("Vault put+commit 4 KiB, 16 writers", ops(v16), ops(raw) + " (raw write+force, 1 writer)", v16 / raw,
                ">= 4x", v16 / raw >= 4));
        rows.add(new Row("(context) Vault on one directory, 1 writer", ops(single), ops(raw) + " (raw write+force, 1 writer)",
                single / raw, "-", true));
        rows.add(new Row("(context) Raw write+force, 16 writers on 16 files", ops(raw16), ops(raw) + " (raw write+force, 1 writer)",
                raw16 / raw, "-", true));

        StringBuilder md = new StringBuilder();
        md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version")).append(quick ? " (quick)" : "").append("\n\n");
        md.append("| row | measured | baseline (same run) | ratio | target | met |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2fx | %s | %s |%n", r.name(), r.measured(), r.baseline(),
                    r.ratio(), r.target(), r.target().equals("-") ? "-" : r.met() ? "yes" : "**no**"));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written to " + out.toAbsolutePath());
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
