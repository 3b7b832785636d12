package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Halts a child JVM ({@link IndexCrashWriter}) at the worst moments of the disk index's life: in
 * the middle of forcing segments at a checkpoint, just before the index commit, while compaction
 * copies live chunks, and after compaction committed the index but before it deleted the old
 * segment. After each halt the vault is reopened on the same directories and must hold every
 * object whose put returned and was not deleted, none whose delete returned, nothing undecided,
 * and must use its index (not rebuild it). Every few cycles the index is also thrown away, and a
 * full scan must find the same objects (no deleted one comes back).
 *
 * <p>{@code -Dseed=} replays a run; {@code -Dindex.crash.cycles=} sets the number of halts (40 by default).
 */
class IndexCrashTest {

    private static final long SEED = Long.getLong("seed", System.nanoTime());
    private static final int CYCLES = Integer.getInteger("index.crash.cycles", 40);

    @TempDir
    Path dir;

    @Test
    void everyLiveObjectSurvivesAHaltAtTheWorstMomentOfACheckpointOrACompaction() throws Exception {
        System.out.println("IndexCrashTest seed=" + SEED + " cycles=" + CYCLES + " (replay with -Dseed=" + SEED + ")");
        Random random = new Random(SEED);
        String classpath = String.join(File.pathSeparator, location(Vault.class), location(IndexCrashWriter.class),
                location(org.h2.mvstore.MVStore.class));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path vault = dir.resolve("vault");
        Set<String> decided = new HashSet<>();
        Set<String> live = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        Map<IndexCrashWriter.Moment, Integer> halted = new EnumMap<>(IndexCrashWriter.Moment.class);
        long rescans = 0;
        IndexCrashWriter.Moment[] moments = IndexCrashWriter.Moment.values();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            IndexCrashWriter.Moment moment = moments[cycle % moments.length];
            int n = 1 + random.nextInt(30);
            Path log = dir.resolve("child-" + cycle + ".log");
            Process child = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-cp", classpath, IndexCrashWriter.class.getName(), vault.toString(), Integer.toString(cycle),
                    Long.toString(random.nextLong()), log.toString(), moment.name(), Integer.toString(n))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("cycle %d: the child ended", cycle).isTrue();
            int status = child.exitValue();
            assertThat(status).as("cycle %d (%s #%d): the child's exit status", cycle, moment, n)
                    .isIn(IndexCrashWriter.HALTED, IndexCrashWriter.NOT_REACHED);
            if (status == IndexCrashWriter.HALTED) {
                halted.merge(moment, 1, Integer::sum);
            }

            Set<String> deleteDecided = new HashSet<>();
            List<String> lines = Files.readAllLines(log);
            for (String line : lines) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "DECIDE1" -> decided.add(f[1]);
                    case "COMMITTED" -> live.add(f[1]);
                    case "DELETE" -> deleteDecided.add(f[1]);
                    case "DELETED" -> {
                        live.remove(f[1]);
                        deleted.add(f[1]);
                    }
                    default -> { }
                }
            }
            String context = "cycle " + cycle + " (" + moment + " #" + n + ", seed " + SEED + ")";
            try (Vault v = Vault.open(IndexCrashWriter.config(vault))) {
                assertThat(v.journalDamaged()).as("%s: %s", context, v.journalFindings()).isFalse();
                assertThat(v.indexFindings()).as("%s: the index survives the halt and is used", context).isEmpty();
                assertThat(v.recover()).isEmpty();
                settleAndCheck(v, context, decided, live, deleted, deleteDecided);
            }
            if (cycle % 5 == 4) {
                // The index is derived data: without it, a full scan must find exactly the same objects.
                for (Path disk : IndexCrashWriter.config(vault).disks()) {
                    Files.deleteIfExists(disk.resolve(SegmentIndex.DIRECTORY).resolve(SegmentIndex.FILE));
                }
                try (Vault v = Vault.open(IndexCrashWriter.config(vault))) {
                    assertThat(v.indexFindings()).as("%s: rebuilt", context).hasSize(3);
                    settleAndCheck(v, context + ", index rebuilt by a scan", decided, live, deleted, Set.of());
                }
                rescans++;
            }
        }
        System.out.printf("IndexCrashTest seed=%d: %d cycles, halted at %s, %d objects live and %d deleted at the end, all as "
                + "expected; %d full rescans agreed%n", SEED, CYCLES, halted, live.size(), deleted.size(), rescans);
        if (CYCLES >= 2 * moments.length) {
            for (IndexCrashWriter.Moment m : moments) {
                assertThat(halted.getOrDefault(m, 0)).as("halts at %s", m).isPositive();
            }
        }
    }

    /**
     * Checks the reopened vault against what the child was told: a put that returned is there
     * with its content unless a delete of it was decided; a delete that returned is gone; a
     * delete decided but cut short may have happened or not, and the model follows the vault.
     * Every object in the vault was decided, with the right content.
     */
    private static void settleAndCheck(Vault v, String context, Set<String> decided, Set<String> live, Set<String> deleted,
                                       Set<String> deleteDecided) {
        for (String key : deleteDecided) {
            if (live.contains(key) && !v.exists(key)) {
                live.remove(key);
                deleted.add(key);
            }
        }
        for (String key : live) {
            assertThat(v.get(key)).as("%s: %s was put and not deleted", context, key).hasValue(CrashWriter.content(key));
        }
        for (String key : deleted) {
            assertThat(v.exists(key)).as("%s: %s was deleted", context, key).isFalse();
        }
        for (String key : v.list("k")) {
            assertThat(decided).as("%s: %s is visible without a decision", context, key).contains(key);
            assertThat(v.get(key)).as("%s: %s", context, key).hasValue(CrashWriter.content(key));
            live.add(key); // a put decided and cut short that did happen
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
