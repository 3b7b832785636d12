package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disks' on-disk index: a reopen reads it instead of the segments, a crash image recovers
 * what was appended after its checkpoint, a missing or unreadable index is rebuilt by a scan,
 * compaction reclaims dead segments without losing or resurrecting an object, and a rebuilt disk
 * gets a fresh index.
 */
class VaultIndexTest {

    /** Small segments, so a few hundred receipts span many of them. */
    private static final long SEGMENT = 32 << 10;

    @TempDir
    Path dir;

    private final Random random = new Random(11);

    private static VaultConfig parity(Path root) {
        return LayoutTest.config(root, VaultConfig.Layout.PARITY, 3, 2, 1);
    }

    private static VaultConfig mirror(Path root) {
        return LayoutTest.config(root, VaultConfig.Layout.MIRROR, 2, 1, 0);
    }

    private static Vault open(VaultConfig config, IoFaults faults) throws IOException {
        return Vault.open(config, faults, Vault.DEFAULT_JOURNAL_LIMIT, SEGMENT);
    }

    /** Counts reads of segment files (the scan at start-up reads them; reads of objects too). */
    private static final class SegmentReads implements IoFaults {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void beforeRead(Path file) {
            if (file.getFileName().toString().endsWith(SegmentLog.SUFFIX)) {
                count.incrementAndGet();
            }
        }
    }

    /** A receipt-sized object: a few hundred bytes to 2 KB. */
    private byte[] receipt() {
        byte[] b = new byte[300 + random.nextInt(1700)];
        random.nextBytes(b);
        return b;
    }

    private Map<String, byte[]> putMany(Vault v, String prefix, int n) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = prefix + "-" + i;
            byte[] data = receipt();
            v.put(key, data);
            out.put(key, data);
        }
        return out;
    }

    private static void assertHolds(Vault v, Map<String, byte[]> expected, List<String> deleted) {
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(v.get(e.getKey())).as(e.getKey()).hasValue(e.getValue());
        }
        for (String key : deleted) {
            assertThat(v.exists(key)).as("deleted %s stays deleted", key).isFalse();
        }
        assertThat(v.list("")).hasSize(expected.size());
    }

    private static long segmentBytes(Path disk) throws IOException {
        try (var files = Files.list(disk.resolve("segments"))) {
            long total = 0;
            for (Path p : files.toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static long segmentCount(Path disk) throws IOException {
        try (var files = Files.list(disk.resolve("segments"))) {
            return files.count();
        }
    }

    private static Path indexFile(Path disk) {
        return disk.resolve(SegmentIndex.DIRECTORY).resolve(SegmentIndex.FILE);
    }

    @Test
    void aReopenReadsTheIndexNotTheSegments() throws Exception {
        Path root = dir.resolve("vault");
        Map<String, byte[]> expected;
        try (Vault v = open(parity(root), IoFaults.NONE)) {
            expected = putMany(v, "r", 600);
        }
        assertThat(segmentCount(root.resolve("disk-0"))).as("the objects span many segments").isGreaterThan(5);
        SegmentReads reads = new SegmentReads();
        try (Vault v = open(parity(root), reads)) {
            assertThat(reads.count.get()).as("segment files read while opening").isZero();
            assertThat(v.indexFindings()).isEmpty();
            assertHolds(v, expected, List.of());
        }
    }

    @Test
    void aCrashRecoversWhatWasAppendedAfterTheLastCheckpoint() throws Exception {
        Path root = dir.resolve("vault");
        Map<String, byte[]> expected;
        List<String> deleted = new ArrayList<>();
        Path image;
        try (Vault v = open(parity(root), IoFaults.NONE)) {
            expected = putMany(v, "early", 300);
            v.checkpoint();
            expected.putAll(putMany(v, "late", 300));
            for (int i = 0; i < 300; i += 6) {
                v.delete("early-" + i);
                expected.remove("early-" + i);
                deleted.add("early-" + i);
            }
            v.awaitApplied(); // the chunks are in the segments, the index on disk is the checkpoint's
            image = CrashImage.of(root, "crash");
        }
        SegmentReads reads = new SegmentReads();
        try (Vault v = open(parity(image), reads)) {
            assertThat(v.indexFindings()).as("the index is used, not rebuilt").isEmpty();
            assertThat(v.journalDamaged()).isFalse();
            assertThat(reads.count.get()).as("only the segments written after the checkpoint are scanned")
                    .isPositive().isLessThan((int) (3 * segmentCount(image.resolve("disk-0"))));
            assertHolds(v, expected, deleted);
        }
        reads.count.set(0);
        try (Vault v = open(parity(image), reads)) {
            assertThat(reads.count.get()).as("the recovered entries were checkpointed: nothing left to scan").isZero();
            assertHolds(v, expected, deleted);
        }
    }

    @ParameterizedTest(name = "index {0}")
    @ValueSource(strings = {"missing", "garbage", "truncated", "stale"})
    void aMissingOrUnreadableIndexIsRebuiltByAScan(String damage) throws Exception {
        Path root = dir.resolve("vault");
        Map<String, byte[]> expected;
        Path stale = dir.resolve("stale.mv");
        try (Vault v = open(parity(root), IoFaults.NONE)) {
            expected = putMany(v, "a", 200);
            v.checkpoint();
            Files.copy(indexFile(root.resolve("disk-1")), stale);
            expected.putAll(putMany(v, "b", 200));
        }
        Path index = indexFile(root.resolve("disk-1"));
        switch (damage) {
            case "missing" -> Files.delete(index);
            case "garbage" -> {
                byte[] junk = new byte[(int) Files.size(index)];
                random.nextBytes(junk);
                Files.write(index, junk);
            }
            case "truncated" -> Files.write(index, java.util.Arrays.copyOf(Files.readAllBytes(index), (int) Files.size(index) / 3));
            default -> {
                // An old copy of the index put back, and the segments it knew cut short behind the vault's back.
                Files.copy(stale, index, StandardCopyOption.REPLACE_EXISTING);
                Path first = root.resolve("disk-1").resolve("segments").resolve(String.format("%08x", 0) + SegmentLog.SUFFIX);
                try (var ch = java.nio.channels.FileChannel.open(first, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.truncate(10);
                }
            }
        }
        try (Vault v = open(parity(root), IoFaults.NONE)) {
            if (damage.equals("truncated")) {
                // MVStore may still find an older commit in what is left: a valid index whose older
                // marker makes the scan start earlier. Either way the objects must all be there.
                assertThat(v.indexFindings()).hasSizeLessThanOrEqualTo(1);
            } else {
                assertThat(v.indexFindings()).as("the rebuilt index is reported").hasSize(1);
                assertThat(v.indexFindings().get(0)).contains("disk 1").contains("rebuilt by scanning every segment");
            }
            if (damage.equals("stale")) {
                assertThat(v.indexFindings().get(0)).contains("does not match the segments");
            }
            assertThat(v.health().status()).isEqualTo(VaultHealth.Status.UP);
            assertHolds(v, expected, List.of());
        }
        try (Vault v = open(parity(root), IoFaults.NONE)) {
            assertThat(v.indexFindings()).as("written again at the first checkpoint").isEmpty();
            assertHolds(v, expected, List.of());
        }
    }

    @Test
    void compactionReclaimsDeadSegmentsWithoutLosingOrResurrectingAnObject() throws Exception {
        Path root = dir.resolve("vault");
        Map<String, byte[]> expected;
        List<String> deleted = new ArrayList<>();
        long before;
        try (Vault v = open(mirror(root), IoFaults.NONE)) {
            expected = putMany(v, "p", 400);
            for (int i = 0; i < 400; i++) {
                if (i % 5 != 0) {
                    v.delete("p-" + i);
                    expected.remove("p-" + i);
                    deleted.add("p-" + i);
                }
            }
            v.checkpoint();
            before = segmentBytes(root.resolve("disk-0"));
            Vault.CompactionReport r = v.compact();
            assertThat(r.segmentsDeleted()).isPositive();
            assertThat(r.chunksMoved()).as("the live chunks of the compacted segments were copied").isPositive();
            assertThat(r.bytesReclaimed()).isPositive();
            assertThat(segmentBytes(root.resolve("disk-0"))).as("space on disk 0").isLessThan(before / 2);
            assertHolds(v, expected, deleted);
            assertThat(v.compact().segmentsDeleted()).as("nothing left to compact").isZero();
        }
        try (Vault v = open(mirror(root), IoFaults.NONE)) {
            assertThat(v.indexFindings()).isEmpty();
            assertHolds(v, expected, deleted);
        }
        // The index is derived: a full scan of the compacted segments gives the same objects, no
        // deleted one back (its tombstone was kept while it was live).
        Files.delete(indexFile(root.resolve("disk-0")));
        Files.delete(indexFile(root.resolve("disk-1")));
        try (Vault v = open(mirror(root), IoFaults.NONE)) {
            assertThat(v.indexFindings()).hasSize(2);
            assertHolds(v, expected, deleted);
        }
    }

    @Test
    void aSegmentWithALiveChunkCompactionCannotCopyIsKeptUntilAScrubRepairsIt() throws Exception {
        Path root = dir.resolve("vault");
        try (Vault v = open(mirror(root), IoFaults.NONE)) {
            Map<String, byte[]> expected = putMany(v, "q", 200);
            List<String> deleted = new ArrayList<>();
            for (int i = 1; i < 40; i++) {
                v.delete("q-" + i);
                expected.remove("q-" + i);
                deleted.add("q-" + i);
            }
            v.checkpoint();
            // q-0 lies in segment 0 on disk 0, which is now mostly dead; damage it there.
            SegmentLog.Loc loc = v.store().location(0, "q-0").orElseThrow();
            assertThat(loc.segment()).isZero();
            ChunkDamage.zero(ChunkDamage.region(v, 0, "q-0").orElseThrow(), 0, ChunkCodec.FIXED_HEADER);
            v.compact();
            assertThat(v.store().segmentFile(0, 0)).as("kept: the index still refers to a chunk in it").exists();
            assertThat(v.scrub(0, (done, total) -> { }).repaired()).isPositive();
            assertThat(v.store().segmentFile(0, 0)).as("compacted by the scrub once the chunk was repaired").doesNotExist();
            assertHolds(v, expected, deleted);
        }
    }

    @Test
    void aRebuiltDiskGetsAFreshIndex() throws Exception {
        Path root = dir.resolve("vault");
        Map<String, byte[]> expected;
        try (Vault v = open(mirror(root), IoFaults.NONE)) {
            expected = putMany(v, "d", 200);
        }
        LayoutTest.deleteTree(root.resolve("disk-1"));
        try (Vault v = open(mirror(root), IoFaults.NONE)) {
            assertThat(v.health().status()).isEqualTo(VaultHealth.Status.DEGRADED);
            assertThat(v.rebuild(1, (done, total) -> { }).unrecoverable()).isEmpty();
            assertThat(indexFile(root.resolve("disk-1"))).exists();
        }
        SegmentReads reads = new SegmentReads();
        try (Vault v = open(mirror(root), reads)) {
            assertThat(v.health().status()).isEqualTo(VaultHealth.Status.UP);
            assertThat(v.indexFindings()).isEmpty();
            assertThat(reads.count.get()).isZero();
            for (String key : expected.keySet()) {
                assertThat(v.store().location(1, key)).as("%s on the rebuilt disk", key).isPresent();
            }
            assertHolds(v, expected, List.of());
        }
    }

    @Test
    void anIndexInUseByAnotherProcessIsNotThrownAway() throws Exception {
        Path root = dir.resolve("vault");
        try (Vault v = open(mirror(root), IoFaults.NONE)) {
            v.put("x", bytes("x"));
        }
        Path index = indexFile(root.resolve("disk-1"));
        long size = Files.size(index);
        // Another process (here: another MVStore in this one) holds disk 1's index open.
        try (org.h2.mvstore.MVStore other = new org.h2.mvstore.MVStore.Builder().fileName(index.toString()).open();
             Vault v = open(new VaultConfig(mirror(root).disks(), VaultConfig.Layout.MIRROR, 1, 0, false, "n2"), IoFaults.NONE)) {
            assertThat(v.health().status()).isEqualTo(VaultHealth.Status.DEGRADED);
            assertThat(v.health().offlineDisks().get(0)).contains("disk 1").contains("in use by another process");
            assertThat(v.get("x")).hasValue(bytes("x"));
            assertThat(other.isClosed()).isFalse();
        }
        assertThat(Files.size(index)).as("the other process's index is left as it was").isGreaterThanOrEqualTo(size);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
