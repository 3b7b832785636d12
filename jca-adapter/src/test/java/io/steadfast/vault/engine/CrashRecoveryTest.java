package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.Xid;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM that writes to the vault with {@code kill -9} at random moments, over many
 * cycles, and checks after each restart that every commit that returned is there and correct,
 * that every branch in doubt is reported, and that nothing without a commit decision is visible.
 *
 * <p>{@code -Dseed=} replays a run; {@code -Dcrash.cycles=} sets the number of kills (200 by default).
 */
class CrashRecoveryTest {

    private static final long SEED = Long.getLong("seed", System.nanoTime());
    private static final int CYCLES = Integer.getInteger("crash.cycles", 200);

    @TempDir
    Path dir;

    @Test
    void everyReturnedCommitSurvivesKillMinus9() throws Exception {
        System.out.println("CrashRecoveryTest seed=" + SEED + " cycles=" + CYCLES + " (replay with -Dseed=" + SEED + ")");
        Random random = new Random(SEED);
        String classpath = location(Vault.class) + File.pathSeparator + location(CrashWriter.class) + File.pathSeparator
                + location(org.h2.mvstore.MVStore.class);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Set<String> decided = new HashSet<>();
        Set<String> decidedTx = new HashSet<>();
        Set<String> committed = new HashSet<>();
        long inDoubtCommitted = 0;
        long inDoubtRolledBack = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Path log = dir.resolve("child-" + cycle + ".log");
            Process child = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-cp", classpath, CrashWriter.class.getName(), dir.resolve("vault").toString(), Integer.toString(cycle),
                    Long.toString(random.nextLong()), log.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).startsWith("READY"))) {
                assertThat(child.isAlive()).as("cycle %d: the child died before it was ready", cycle).isTrue();
                assertThat(System.nanoTime()).as("cycle %d: the child did not get ready in 60 s", cycle).isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            // The fault: a kill at a random moment of the child's work.
            Thread.sleep(random.nextInt(120));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> lines = java.nio.file.Files.readAllLines(log);

            for (String line : List.copyOf(lines)) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "DECIDE1" -> decided.add(f[1]);
                    case "DECIDE" -> {
                        decidedTx.add(f[1]);
                        decided.addAll(Arrays.asList(f).subList(2, f.length));
                    }
                    case "COMMITTED" -> committed.addAll(Arrays.asList(f).subList(1, f.length));
                    default -> { }
                }
            }

            try (Vault v = Vault.open(CrashWriter.config(dir.resolve("vault")))) {
                assertThat(v.journalDamaged()).as("cycle %d: %s", cycle, v.journalFindings()).isFalse();
                assertThat(v.indexFindings()).as("cycle %d: the disks' indexes survive kill -9", cycle).isEmpty();
                for (Xid x : v.recover()) {
                    String gtrid = new String(x.getGlobalTransactionId(), StandardCharsets.US_ASCII);
                    // The parent plays the transaction manager: commit what was decided, roll back the rest.
                    if (decidedTx.contains(gtrid)) {
                        v.commit(x, false);
                        inDoubtCommitted++;
                    } else {
                        v.rollback(x);
                        inDoubtRolledBack++;
                    }
                }
                for (String key : committed) {
                    assertThat(v.get(key)).as("cycle %d: committed %s", cycle, key).hasValue(CrashWriter.content(key));
                }
                for (String key : v.list("c")) {
                    assertThat(decided).as("cycle %d: %s is visible without a commit decision; child said %s; journal %s", cycle, key,
                            lines.subList(Math.max(0, lines.size() - 4), lines.size()), v.journalFindings()).contains(key);
                    assertThat(v.get(key)).as("cycle %d: %s", cycle, key).hasValue(CrashWriter.content(key));
                }
            }
        }
        System.out.printf("CrashRecoveryTest seed=%d: %d kills, %d commits returned and all present, %d in-doubt branches committed, "
                + "%d rolled back%n", SEED, CYCLES, committed.size(), inDoubtCommitted, inDoubtRolledBack);
        assertThat(committed).isNotEmpty();
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
