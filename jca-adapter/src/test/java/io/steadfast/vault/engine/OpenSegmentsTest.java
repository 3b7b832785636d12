package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk keeps at most {@link SegmentLog#MAX_OPEN} segment files open, however many segments it
 * holds, and closing one to make room never fails a read, a write or a checkpoint that was using
 * it: reads from several threads over many more segments than that, while a writer appends and
 * checkpoints and a compaction moves live chunks out of half-deleted segments, all return the
 * right bytes, with no repair (a read that failed on a closed file would have been taken for
 * damage and repaired) and every disk in service (a failed append or force takes its disk out).
 */
class OpenSegmentsTest {

    private static final long SEED = Long.getLong("seed", System.nanoTime());
    /** Small segments: two objects each, so the vault holds several times MAX_OPEN segments per disk. */
    private static final long SEGMENT = 4096;
    private static final int OBJECTS = 8 * SegmentLog.MAX_OPEN;
    /** Equal sizes, so a segment whose first object is deleted is exactly half live, which compaction reclaims. */
    private static final int SIZE = 1900;

    @TempDir
    Path dir;

    @Test
    void readsWritesAndACompactionOverManySegmentsKeepABoundedNumberOpenAndNeverFail() throws Exception {
        System.out.println("OpenSegmentsTest seed " + SEED + " (-Dseed=" + SEED + " repeats it)");
        Random random = new Random(SEED);
        VaultConfig config = LayoutTest.config(dir, VaultConfig.Layout.MIRROR, 2, 1, 0);
        Map<String, byte[]> live = new ConcurrentHashMap<>();
        try (Vault v = Vault.open(config, IoFaults.NONE, Vault.DEFAULT_JOURNAL_LIMIT, SEGMENT)) {
            for (int i = 0; i < OBJECTS; i++) {
                byte[] data = new byte[SIZE];
                random.nextBytes(data);
                v.put("o-" + i, data);
                live.put("o-" + i, data);
            }
            for (int i = 0; i < OBJECTS; i += 2) {
                v.delete("o-" + i); // half of each segment: compaction moves the other half
                live.remove("o-" + i);
            }
        }
        List<String> keys = new ArrayList<>(live.keySet());
        Collections.sort(keys);
        // Opened again, so every read goes to the segment files, not to the applier's memory.
        try (Vault v = Vault.open(config, IoFaults.NONE, Vault.DEFAULT_JOURNAL_LIMIT, SEGMENT)) {
            List<String> order = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                order.addAll(keys);
            }
            Collections.shuffle(order, random);
            long writerSeed = random.nextLong();
            ExecutorService threads = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    List<String> mine = order.subList(t * order.size() / 4, (t + 1) * order.size() / 4);
                    done.add(threads.submit(() -> {
                        for (String key : mine) {
                            assertThat(v.get(key)).as(key)
                                    .hasValueSatisfying(b -> assertThat(Arrays.equals(b, live.get(key))).as("%s's bytes", key).isTrue());
                        }
                        return null;
                    }));
                }
                done.add(threads.submit(() -> {
                    Random w = new Random(writerSeed);
                    for (int i = 0; i < OBJECTS; i++) {
                        byte[] data = new byte[SIZE];
                        w.nextBytes(data);
                        v.put("n-" + i, data);
                        live.put("n-" + i, data);
                        if (i % 16 == 15) {
                            v.checkpoint();
                        }
                    }
                    return null;
                }));
                done.add(threads.submit(() -> {
                    assertThat(v.compact().segmentsDeleted()).as("segments compacted while the reads ran").isPositive();
                    return null;
                }));
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            for (Map.Entry<String, byte[]> e : live.entrySet()) {
                assertThat(v.get(e.getKey())).as(e.getKey())
                        .hasValueSatisfying(b -> assertThat(Arrays.equals(b, e.getValue())).as("%s's bytes", e.getKey()).isTrue());
            }
            assertThat(v.stats().repairs()).as("repairs: a read that found its file closed was taken for damage").isZero();
            assertThat(v.health().status()).as("a write or force that found its file closed takes its disk out: %s", v.health())
                    .isEqualTo(VaultHealth.Status.UP);
            for (Path disk : config.disks()) {
                long segmentsOpen = OpenFiles.under(disk).stream().filter(p -> p.toString().endsWith(SegmentLog.SUFFIX)).count();
                assertThat(segmentsOpen).as("segment files open on %s (it holds about %d)", disk, OBJECTS)
                        .isLessThanOrEqualTo(SegmentLog.MAX_OPEN);
            }
        }
    }
}
