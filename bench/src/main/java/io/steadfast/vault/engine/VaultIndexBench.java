package io.steadfast.vault.engine;

import io.steadfast.bench.CommandLines;
import io.steadfast.bench.Jcmd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The vault's memory and start-up against the number of stored receipts (issue 10): heap after a
 * full GC with the vault open at 100,000 and at 1,000,000 receipts, and the time to open the vault
 * at 1,000,000, each against baselines measured in the same run:
 * <ul>
 *   <li>heap: the JVM with no vault open, and the index the vault used to keep (one
 *       {@code HashMap<String, Loc>} per disk, built by the old start-up scan) at the same counts;</li>
 *   <li>open time: opening an empty vault, the old start-up (scanning every segment into those
 *       maps), and a start whose index is missing (a full scan that writes the index again).</li>
 * </ul>
 * A receipt is what a payment stores: the receipt document ({@code receipt-<uuid>.json}, 300 B to
 * 2 KB) and its signature ({@code .json.sig}, 88 B), in the default layout (mirror on two
 * directories). Lives in the engine's package to reach the segment format for the old scan.
 *
 * <pre>
 * java -Xmx2g -XX:+UseSerialGC -cp bench/target/benchmarks.jar io.steadfast.vault.engine.VaultIndexBench [--receipts N] [--small N] [--dir DIR] [--warm-reads N] [--histograms DIR]
 * </pre>
 */
public final class VaultIndexBench {

    @Command(name = "VaultIndexBench", mixinStandardHelpOptions = true,
            description = "Heap after GC and open time of the vault at two receipt counts, with same-run baselines.")
    static final class Args {
        @Option(names = "--small", description = "the smaller count of receipts (default ${DEFAULT-VALUE})")
        int small = 100_000;
        @Option(names = "--receipts", description = "the larger count of receipts (default ${DEFAULT-VALUE})")
        int large = 1_000_000;
        @Option(names = "--dir", description = "where the vault goes (default: a new folder under java.io.tmpdir, deleted afterwards)")
        Path dir;
        @Option(names = "--out", description = "where the table goes (default ${DEFAULT-VALUE})")
        Path out = Path.of("bench", "target", "vault-index.md");
        @Option(names = "--warm-reads", description = "random reads before each heap measurement, so the index's page cache "
                + "and its bookkeeping are in the state a long-running server's would be (default ${DEFAULT-VALUE})")
        int warmReads = 200_000;
        @Option(names = "--histograms", description = "a folder for the JVM's class histogram with the vault open at each count "
                + "(histogram-<receipts>.txt, by jcmd GC.class_histogram): what the heap figure is made of")
        Path histograms;
    }

    private static final int PER_COMMIT = 500;

    private final Random random = new Random(42);
    private final byte[] pool = new byte[1 << 22];
    private final List<String> keys = new ArrayList<>();
    /** Where class histograms go (--histograms), or null. */
    private Path histograms;
    /** Random reads before a heap measurement (--warm-reads). */
    private int warmReads;

    private VaultIndexBench() {
        random.nextBytes(pool);
    }

    public static void main(String[] args) throws Exception {
        Args a;
        try {
            a = CommandLines.parse(new Args(), args);
            CommandLines.atLeast(1, a.small, "--small");
            CommandLines.atLeast(a.small + 1, a.large, "--receipts");
            CommandLines.atLeast(1, a.warmReads, "--warm-reads");
        } catch (IllegalArgumentException e) {
            System.err.println("VaultIndexBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = a.dir != null ? a.dir : Files.createTempDirectory("steadfast-vault-index-");
        try {
            new VaultIndexBench().run(a, dir);
        } finally {
            if (a.dir == null) {
                deleteTree(dir);
            }
        }
    }

    private static VaultConfig config(Path root) {
        return new VaultConfig(List.of(root.resolve("disk-0"), root.resolve("disk-1")), VaultConfig.Layout.MIRROR, 1, 0, false, "bench");
    }

    private void run(Args a, Path dir) throws Exception {
        histograms = a.histograms;
        warmReads = a.warmReads;
        long noVault = heapAfterGc();
        log("heap after GC with no vault open: %s", mib(noVault));

        Path empty = dir.resolve("empty");
        Vault.open(config(empty), VaultTuning.from(Long::getLong)).close();
        long emptyOpen = median(3, () -> timeOpen(config(empty)));
        log("open of an empty vault: %s", ms(emptyOpen));

        Path root = dir.resolve("vault");
        Measured small = measureAt(root, a.small);
        Measured large = measureAt(root, a.large);

        for (Path disk : config(root).disks()) {
            Files.delete(disk.resolve(SegmentIndex.DIRECTORY).resolve(SegmentIndex.FILE));
        }
        long rebuildNanos = timeOpen(config(root));
        log("open at %,d receipts with the index missing (full scan, index written again): %s", a.large, ms(rebuildNanos));
        long reopen = median(3, () -> timeOpen(config(root)));

        double heapRatio = (double) large.heap / small.heap;
        boolean heapMet = heapRatio <= 1.10;
        boolean openMet = large.openNanos < 2_000_000_000L;
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(Instant.now()).append(", Java ").append(System.getProperty("java.version")).append(", max heap ")
                .append(mib(Runtime.getRuntime().maxMemory())).append(", layout mirror on 2 directories; a receipt = document (300 B to 2 KB) + signature\n\n");
        md.append("| row | measured | baseline (same run) | ratio | target | met |\n| --- | --- | --- | --- | --- | --- |\n");
        md.append(row("Vault heap after GC, " + count(a.large) + " vs " + count(a.small) + " receipts", mib(large.heap),
                mib(small.heap) + " (at " + count(a.small) + ")", heapRatio, "<= 1.10x", heapMet));
        md.append(row("Open at " + count(a.large) + " receipts (index)", ms(large.openNanos), ms(emptyOpen) + " (empty vault)",
                (double) large.openNanos / emptyOpen, "< 2 s", openMet));
        md.append(row("(context) Open at " + count(a.large) + " receipts, index", ms(large.openNanos), ms(large.oldScanNanos)
                + " (old start-up: scan every segment into maps)", (double) large.openNanos / large.oldScanNanos, "-", true));
        md.append(row("(context) Open at " + count(a.large) + " receipts, index missing (rebuilt by a full scan)", ms(rebuildNanos),
                ms(large.oldScanNanos) + " (old start-up scan)", (double) rebuildNanos / large.oldScanNanos, "-", true));
        md.append(row("(context) Reopen after the rebuild", ms(reopen), ms(emptyOpen) + " (empty vault)", (double) reopen / emptyOpen, "-", true));
        md.append(row("(context) Old in-memory index heap, " + count(a.large) + " vs " + count(a.small), mib(large.oldHeap),
                mib(small.oldHeap), (double) large.oldHeap / small.oldHeap, "-", true));
        md.append(row("(context) Vault heap at " + count(a.large) + " vs the old index's", mib(large.heap), mib(large.oldHeap)
                + " (old HashMap index)", (double) large.heap / large.oldHeap, "-", true));
        md.append(String.format(Locale.ROOT, "%nOn disk at %s receipts (%,d objects): segments %s per disk, index file %s per disk "
                + "(%.0f B per object); open at %s: %s, at %s: %s.%n", count(a.large), 2L * a.large, mib(large.segmentBytes),
                mib(large.indexBytes), (double) large.indexBytes / (2.0 * a.large), count(a.small), ms(small.openNanos), count(a.large),
                ms(large.openNanos)));
        Files.createDirectories(a.out.toAbsolutePath().getParent());
        Files.writeString(a.out, md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written to " + a.out.toAbsolutePath());
    }

    private record Measured(long heap, long openNanos, long oldHeap, long oldScanNanos, long segmentBytes, long indexBytes) {
    }

    /** Fills the vault up to {@code receipts}, then measures open time, heap after GC, and the old scan. */
    private Measured measureAt(Path root, int receipts) throws Exception {
        fill(root, receipts);
        long open = median(3, () -> timeOpen(config(root)));
        // The engine's heap: used heap after GC with the vault open, less the same right after it
        // closed (the benchmark's own list of keys is in both).
        long withVault = heapWithVaultOpen(root);
        long heap = withVault - heapAfterGc();
        log("%,d receipts: open %s, vault heap after GC %s", receipts, ms(open), mib(heap));
        long start = System.nanoTime();
        List<Map<String, SegmentLog.Loc>> old = oldScan(root);
        long oldScan = System.nanoTime() - start;
        long withOld = heapAfterGc();
        log("%,d receipts: old start-up scan %s (%,d entries on disk 0)", receipts, ms(oldScan), old.get(0).size());
        old = null;
        long oldHeap = withOld - heapAfterGc();
        log("%,d receipts: old index heap %s", receipts, mib(oldHeap));
        Path disk0 = config(root).disks().get(0);
        return new Measured(heap, open, oldHeap, oldScan, treeSize(disk0.resolve("segments")),
                Files.size(disk0.resolve(SegmentIndex.DIRECTORY).resolve(SegmentIndex.FILE)));
    }

    /** Used heap after GC with the vault open and warmed; in a method of its own, so nothing refers to the vault after it returns. */
    private long heapWithVaultOpen(Path root) throws IOException {
        try (Vault v = Vault.open(config(root), VaultTuning.from(Long::getLong))) {
            warm(v);
            long heap = heapAfterGc();
            if (histograms != null) {
                histogram(histograms.resolve("histogram-" + keys.size() + ".txt"));
            }
            return heap;
        }
    }

    /** Writes this JVM's class histogram (live objects, after a full GC) to {@code file}. */
    private static void histogram(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.writeString(file, Jcmd.run(ProcessHandle.current().pid(), "GC.class_histogram"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing " + file);
        }
        log("class histogram with the vault open: %s", file);
    }

    /** Stores receipts (document + signature) until there are {@code receipts}, PER_COMMIT payments per one-phase commit. */
    private void fill(Path root, int receipts) throws Exception {
        long start = System.nanoTime();
        int from = keys.size();
        try (Vault v = Vault.open(config(root), VaultTuning.from(Long::getLong))) {
            int tx = 0;
            while (keys.size() < receipts) {
                TxId xid = new TxId(0x42, ("fill-" + keys.size()).getBytes(StandardCharsets.US_ASCII), new byte[] {1});
                for (int i = 0; i < PER_COMMIT && keys.size() < receipts; i++) {
                    String key = "receipt-" + new java.util.UUID(random.nextLong(), random.nextLong()) + ".json";
                    v.stage(xid, key, slice(300 + random.nextInt(1701)));
                    v.stage(xid, key + ".sig", slice(88));
                    keys.add(key);
                }
                v.commit(xid, true);
                if (++tx % 200 == 0) {
                    log("  stored %,d receipts", keys.size());
                }
            }
        }
        log("stored %,d receipts in %s", keys.size() - from, ms(System.nanoTime() - start));
    }

    private byte[] slice(int n) {
        int at = random.nextInt(pool.length - n);
        return java.util.Arrays.copyOfRange(pool, at, at + n);
    }

    /** Reads random receipts, so the index's page cache holds what a running server's would. */
    private void warm(Vault v) {
        for (int i = 0; i < warmReads; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            if (v.get(key).isEmpty()) {
                throw new IllegalStateException("the vault lost " + key);
            }
        }
    }

    private static long timeOpen(VaultConfig config) throws IOException {
        long start = System.nanoTime();
        Vault v = Vault.open(config, VaultTuning.from(Long::getLong));
        long nanos = System.nanoTime() - start;
        v.close();
        return nanos;
    }

    /**
     * What start-up did before the index was on disk: read every segment of every disk and keep
     * the latest chunk of each key in a map (tombstones remove it).
     */
    private static List<Map<String, SegmentLog.Loc>> oldScan(Path root) throws IOException {
        List<Map<String, SegmentLog.Loc>> maps = new ArrayList<>();
        for (Path disk : config(root).disks()) {
            Map<String, SegmentLog.Loc> locations = new java.util.concurrent.ConcurrentHashMap<>();
            List<Path> files;
            try (var list = Files.list(disk.resolve("segments"))) {
                files = list.filter(p -> p.getFileName().toString().endsWith(SegmentLog.SUFFIX)).sorted().toList();
            }
            for (Path f : files) {
                int id = Integer.parseInt(f.getFileName().toString().replace(SegmentLog.SUFFIX, ""), 16);
                byte[] buf = Files.readAllBytes(f);
                int pos = 0;
                while (pos < buf.length) {
                    ChunkCodec.Scanned s = ChunkCodec.parse(buf, pos);
                    if (s == null) {
                        break;
                    }
                    if (s.chunk().tombstone()) {
                        locations.remove(s.chunk().key());
                    } else {
                        locations.put(s.chunk().key(), new SegmentLog.Loc(id, pos, s.length(), s.chunk().generation()));
                    }
                    pos += s.length();
                }
            }
            maps.add(locations);
        }
        return maps;
    }

    /** Used heap after full collections (the least of a few, so a collection's stragglers do not count). */
    static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            memory.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private interface Timed {
        long nanos() throws IOException;
    }

    private static long median(int runs, Timed t) throws IOException {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            all.add(t.nanos());
        }
        all.sort(null);
        return all.get(all.size() / 2);
    }

    private static long treeSize(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static String row(String name, String measured, String baseline, double ratio, String target, boolean met) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2fx | %s | %s |%n", name, measured, baseline, ratio, target,
                target.equals("-") ? "-" : met ? "yes" : "**no**");
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%,.0f ms", nanos / 1e6);
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[vault-index] " + format + "%n", args);
    }
}
