package io.steadfast.bench;

import io.steadfast.vault.engine.Vault;
import io.steadfast.vault.engine.VaultConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transactional put + commit of a 4 KiB object (the default layout: mirror on two directories,
 * one-phase commit, one forced journal record per commit or per group) against the raw cost of
 * the same durability on the same disk: FileChannel.write of 4 KiB plus force.
 *
 * <p>The directory is {@code -Dbench.dir} (default: a folder under {@code java.io.tmpdir}).
 */
public class CommitBenchmark {

    static Path baseDir() throws IOException {
        String configured = System.getProperty("bench.dir");
        Path base = configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "steadfast-bench");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "run-");
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static byte[] payload() {
        byte[] b = new byte[4096];
        new Random(7).nextBytes(b);
        return b;
    }

    /** A benchmark-wide state whose {@link CommitMeter} counts the measured iterations only. */
    public abstract static class Metered {

        abstract CommitMeter meter();

        @Setup(Level.Iteration)
        public void iterationStart(IterationParams p) {
            if (p.getType() == IterationType.MEASUREMENT) {
                meter().iterationStart();
            }
        }

        @TearDown(Level.Iteration)
        public void iterationEnd(IterationParams p) {
            if (p.getType() == IterationType.MEASUREMENT) {
                meter().iterationEnd();
            }
        }
    }

    /** The vault under test, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class VaultState extends Metered {
        Path dir;
        Vault vault;
        final AtomicLong keys = new AtomicLong();
        final byte[] data = payload();
        final CommitMeter meter = new CommitMeter(() -> vault.stats());

        @Override
        CommitMeter meter() {
            return meter;
        }

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = baseDir();
            // -Dsteadfast.vault.journal.forces-in-flight=N and the other tuning properties apply here too
            vault = Vault.open(config(dir), io.steadfast.vault.engine.VaultTuning.from(Long::getLong));
        }

        /** The default layout: mirror on two directories. */
        VaultConfig config(Path dir) {
            return new VaultConfig(List.of(dir.resolve("disk-0"), dir.resolve("disk-1")), VaultConfig.Layout.MIRROR, 1, 0, false, "bench");
        }

        @TearDown(Level.Trial)
        public void close(BenchmarkParams p) throws IOException {
            meter.report(p.getBenchmark());
            vault.close();
            deleteTree(dir);
        }
    }

    /** The same vault on a single directory (no mirror): one journal copy, one chunk per object. */
    @State(Scope.Benchmark)
    public static class SingleDiskVaultState extends VaultState {

        @Override
        VaultConfig config(Path dir) {
            return VaultConfig.single(dir.resolve("disk-0"), "bench");
        }
    }

    /** One file per thread, appended to and forced, as a raw single writer would. */
    @State(Scope.Thread)
    public static class RawState {
        Path dir;
        FileChannel channel;
        final ByteBuffer data = ByteBuffer.wrap(payload());

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = baseDir();
            channel = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            deleteTree(dir);
        }
    }

    /** The counters of a raw baseline, shared by its writers. */
    @State(Scope.Benchmark)
    public static class RawMeter extends Metered {
        final CommitMeter meter = new CommitMeter(null);

        @Override
        CommitMeter meter() {
            return meter;
        }

        @TearDown(Level.Trial)
        public void report(BenchmarkParams p) throws IOException {
            meter.report(p.getBenchmark());
        }
    }

    @Benchmark
    @Threads(1)
    public void rawWriteForce1Writer(RawState s, RawMeter m) throws IOException {
        s.data.clear();
        while (s.data.hasRemaining()) {
            s.channel.write(s.data);
        }
        s.channel.force(false);
        m.meter.ops.incrementAndGet();
    }

    @Benchmark
    @Threads(1)
    public void vaultPutCommit1Writer(VaultState s) {
        s.vault.put("k" + s.keys.incrementAndGet(), s.data);
    }

    @Benchmark
    @Threads(1)
    public void singleDiskVaultPutCommit1Writer(SingleDiskVaultState s) {
        s.vault.put("k" + s.keys.incrementAndGet(), s.data);
    }

    @Benchmark
    @Threads(16)
    public void rawWriteForce16Writers(RawState s, RawMeter m) throws IOException {
        rawWriteForce1Writer(s, m);
    }

    @Benchmark
    @Threads(16)
    public void vaultPutCommit16Writers(VaultState s) {
        s.vault.put("k" + s.keys.incrementAndGet(), s.data);
    }
}
