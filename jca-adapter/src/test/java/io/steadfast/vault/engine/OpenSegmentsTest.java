package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk keeps at most {@link SegmentLog#MAX_OPEN} segment files open, however many segments it
 * holds, and closing one to make room never fails a read that was using it: reads from several
 * threads over many more segments than that all return the right bytes, with no repair (a read
 * that failed on a closed file would have been taken for damage and repaired).
 */
class OpenSegmentsTest {

    private static final long SEED = Long.getLong("seed", System.nanoTime());
    /** Small segments: one object each, so the vault holds several times MAX_OPEN segments per disk. */
    private static final long SEGMENT = 4096;
    private static final int OBJECTS = 4 * SegmentLog.MAX_OPEN;

    @TempDir
    Path dir;

    @Test
    void readsOverManySegmentsKeepABoundedNumberOpenAndNeverFail() throws Exception {
        System.out.println("OpenSegmentsTest seed " + SEED + " (-Dseed=" + SEED + " repeats it)");
        Random random = new Random(SEED);
        VaultConfig config = LayoutTest.config(dir, VaultConfig.Layout.MIRROR, 2, 1, 0);
        List<byte[]> objects = new ArrayList<>();
        try (Vault v = Vault.open(config, IoFaults.NONE, Vault.DEFAULT_JOURNAL_LIMIT, SEGMENT)) {
            for (int i = 0; i < OBJECTS; i++) {
                byte[] data = new byte[2500 + random.nextInt(1000)];
                random.nextBytes(data);
                objects.add(data);
                v.put("o-" + i, data);
            }
        }
        // Opened again, so every read goes to the segment files, not to the applier's memory.
        try (Vault v = Vault.open(config, IoFaults.NONE, Vault.DEFAULT_JOURNAL_LIMIT, SEGMENT)) {
            List<Integer> order = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < OBJECTS; i++) {
                    order.add(i);
                }
            }
            Collections.shuffle(order, random);
            ExecutorService readers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int from = t * order.size() / 4;
                    int to = (t + 1) * order.size() / 4;
                    done.add(readers.submit(() -> {
                        for (int i : order.subList(from, to)) {
                            assertThat(v.get("o-" + i)).as("object %d", i)
                                    .hasValueSatisfying(b -> assertThat(Arrays.equals(b, objects.get(i))).as("object %d's bytes", i).isTrue());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                readers.shutdownNow();
            }
            assertThat(v.stats().repairs()).as("repairs: a read that found its file closed was taken for damage").isZero();
            for (Path disk : config.disks()) {
                long segmentsOpen = OpenFiles.under(disk).stream().filter(p -> p.toString().endsWith(SegmentLog.SUFFIX)).count();
                assertThat(segmentsOpen).as("segment files open on %s (it holds about %d)", disk, OBJECTS)
                        .isLessThanOrEqualTo(SegmentLog.MAX_OPEN);
            }
        }
    }
}
