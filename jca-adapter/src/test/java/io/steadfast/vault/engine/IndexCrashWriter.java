package io.steadfast.vault.engine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The child process of {@link IndexCrashTest}: puts and deletes objects in a vault with small
 * segments, checkpoints and compacts often, and halts itself ({@link Runtime#halt}, no shutdown of
 * anything) the n-th time it reaches one chosen moment of an index checkpoint or a compaction.
 * Log lines: {@code DECIDE1 <key>} before a put, {@code COMMITTED <key>} once it returned,
 * {@code DELETE <key>} before a delete, {@code DELETED <key>} once it returned.
 *
 * <p>Arguments: vault directory, cycle, seed, log file, moment, n.
 */
public final class IndexCrashWriter {

    /** Exit status when the chosen moment was reached and the process halted there. */
    static final int HALTED = 77;
    /** Exit status when the moment was not reached within {@link #MAX_OPERATIONS}. */
    static final int NOT_REACHED = 78;
    static final int MAX_OPERATIONS = 1_500;
    static final long SEGMENT_LIMIT = 16 << 10;

    /** The moments to halt at. */
    enum Moment {
        /** Segments forced, the index commit not started: the index on disk is the previous checkpoint's. */
        BEFORE_INDEX_COMMIT,
        /** Forcing segments at a checkpoint (some forced, some not). */
        DURING_SEGMENT_FORCE,
        /** Compaction has copied some live chunks to the active segment, not yet checkpointed. */
        DURING_COMPACTION_COPY,
        /** Compaction's checkpoint committed the index pointing at the copies; the old segment not yet deleted. */
        BEFORE_SEGMENT_DELETE
    }

    private IndexCrashWriter() {
    }

    static VaultConfig config(Path dir) {
        return new VaultConfig(List.of(dir.resolve("disk-0"), dir.resolve("disk-1"), dir.resolve("disk-2")),
                VaultConfig.Layout.PARITY, 2, 1, false, "crash");
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cycle = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        Moment moment = Moment.valueOf(args[4]);
        int n = Integer.parseInt(args[5]);
        AtomicInteger seen = new AtomicInteger();
        boolean[] compacting = new boolean[1];
        IoFaults halt = new IoFaults() {
            private void at(Moment m) {
                if (m == moment && seen.incrementAndGet() >= n) {
                    Runtime.getRuntime().halt(HALTED);
                }
            }

            private boolean segment(Path file) {
                return file.getFileName().toString().endsWith(SegmentLog.SUFFIX);
            }

            @Override
            public void beforeForce(Path file) {
                if (file.getFileName().toString().equals(SegmentIndex.FILE)) {
                    at(Moment.BEFORE_INDEX_COMMIT);
                } else if (segment(file)) {
                    at(Moment.DURING_SEGMENT_FORCE);
                }
            }

            @Override
            public void beforeWrite(Path file) {
                if (compacting[0] && segment(file)) {
                    at(Moment.DURING_COMPACTION_COPY);
                }
            }

            @Override
            public void beforeDelete(Path file) {
                at(Moment.BEFORE_SEGMENT_DELETE);
            }
        };
        // The log first: the halt may come while the vault opens (its first checkpoint forces what the scan found).
        try (FileOutputStream log = new FileOutputStream(args[3], true);
             Vault v = Vault.open(config(dir), halt, Vault.DEFAULT_JOURNAL_LIMIT, SEGMENT_LIMIT)) {
            // One write() per line: what a halted process wrote to a file survives it.
            Consumer<String> out = line -> {
                try {
                    log.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            List<String> keys = new ArrayList<>(v.list("k"));
            out.accept("READY");
            for (int i = 0; i < MAX_OPERATIONS; i++) {
                if (keys.isEmpty() || random.nextInt(100) < 55) {
                    String key = "k" + cycle + "-" + i;
                    out.accept("DECIDE1 " + key);
                    v.put(key, CrashWriter.content(key));
                    out.accept("COMMITTED " + key);
                    keys.add(key);
                } else {
                    String key = keys.remove(random.nextInt(keys.size()));
                    out.accept("DELETE " + key);
                    v.delete(key);
                    out.accept("DELETED " + key);
                }
                if (i % 10 == 9) {
                    v.checkpoint();
                }
                if (i % 15 == 14) {
                    v.awaitApplied();
                    compacting[0] = true;
                    v.compact();
                    compacting[0] = false;
                }
            }
        }
        Runtime.getRuntime().halt(NOT_REACHED);
    }
}
