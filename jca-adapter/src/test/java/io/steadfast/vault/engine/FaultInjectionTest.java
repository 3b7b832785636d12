package io.steadfast.vault.engine;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded, randomised fault injection: bit flips, zeroed, truncated, misdirected and missing
 * chunks, lost disks, and I/O errors (EIO, ENOSPC, failed force) during prepare. The one rule:
 * a read returns the right bytes or fails with UNRECOVERABLE; it never returns wrong bytes.
 *
 * <p>Replay a run with {@code -Dseed=<seed>}; change the amount with {@code -Dfaults=<n>}.
 */
class FaultInjectionTest {

    private static final long SEED = Long.getLong("seed", System.nanoTime());
    private static final int FAULTS = Integer.getInteger("faults", 10_000);

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);
    private long injected;
    private long detected;
    private long repaired;
    private long unrecoverable;
    private long correctReads;
    private long ioFaults;

    private record Setup(String name, VaultConfig.Layout layout, int disks, int k, int m, int tolerance) {
    }

    private static final List<Setup> SETUPS = List.of(
            new Setup("mirror-2", VaultConfig.Layout.MIRROR, 2, 1, 0, 1),
            new Setup("mirror-3", VaultConfig.Layout.MIRROR, 3, 1, 0, 2),
            new Setup("parity-3", VaultConfig.Layout.PARITY, 3, 2, 1, 1),
            new Setup("rs-4+2", VaultConfig.Layout.REED_SOLOMON, 6, 4, 2, 2),
            new Setup("rs-4+3", VaultConfig.Layout.REED_SOLOMON, 7, 4, 3, 3));

    private final class Subject {
        final Setup setup;
        final VaultConfig config;
        final Map<String, byte[]> expected = new HashMap<>();
        final List<String> keys = new ArrayList<>();
        Vault vault;

        Subject(Setup s) throws Exception {
            this.setup = s;
            List<Path> disks = IntStream.range(0, s.disks()).mapToObj(i -> dir.resolve(s.name()).resolve("disk-" + i)).toList();
            this.config = new VaultConfig(disks, s.layout(), s.k(), s.m(), false, "n1");
            this.vault = Vault.open(config);
            TxId tx = new TxId(1, ("populate-" + s.name()).getBytes(StandardCharsets.US_ASCII), new byte[] {1});
            for (int i = 0; i < 150; i++) {
                byte[] data = new byte[random.nextInt(6000)];
                random.nextBytes(data);
                String key = "obj-" + i;
                vault.stage(tx, key, data);
                expected.put(key, data);
                keys.add(key);
            }
            vault.prepare(tx);
            vault.commit(tx, false);
            vault.checkpoint(); // the chunks are on disk before faults are injected into them
        }

    }

    @Test
    void readsAreRightOrRefusedNeverWrong() throws Exception {
        System.out.println("FaultInjectionTest seed=" + SEED + " faults=" + FAULTS + " (replay with -Dseed=" + SEED + ")");
        List<Subject> subjects = new ArrayList<>();
        for (Setup s : SETUPS) {
            subjects.add(new Subject(s));
        }
        try {
            while (injected < FAULTS) {
                Subject s = subjects.get(random.nextInt(subjects.size()));
                int roll = random.nextInt(100);
                if (roll < 3) {
                    loseADisk(s);
                } else if (roll < 8) {
                    failDuringPrepare(s);
                } else {
                    damageChunks(s);
                }
            }
        } finally {
            for (Subject s : subjects) {
                s.vault.close();
            }
        }
        System.out.printf("FaultInjectionTest seed=%d: %d faults injected (%d I/O errors in prepare), %d damaged reads detected, "
                        + "%d chunks repaired, %d objects unrecoverable (beyond the layout), %d correct reads, 0 silent corrupt reads%n",
                SEED, injected, ioFaults, detected, repaired, unrecoverable, correctReads);
        assertThat(injected).isGreaterThanOrEqualTo(FAULTS);
        assertThat(repaired).isPositive();
    }

    private void damageChunks(Subject s) throws Exception {
        if (s.keys.size() < 50) {
            for (int i = 0; i < 50; i++) {
                byte[] data = new byte[random.nextInt(6000)];
                random.nextBytes(data);
                String key = "more-" + injected + "-" + i;
                s.vault.put(key, data);
                s.expected.put(key, data);
                s.keys.add(key);
            }
            s.vault.checkpoint();
        }
        String key = s.keys.get(random.nextInt(s.keys.size()));
        // Mostly within the layout's tolerance, sometimes one more.
        int count = 1 + random.nextInt(s.setup.tolerance() + (random.nextInt(8) == 0 ? 1 : 0));
        List<Integer> disks = new ArrayList<>(IntStream.range(0, s.setup.disks()).boxed().toList());
        java.util.Collections.shuffle(disks, random);
        for (int i = 0; i < count; i++) {
            injectChunkFault(s, disks.get(i), key);
            injected++;
        }
        long before = s.vault.stats().repairs();
        readAndCheck(s, key, count);
        long delta = s.vault.stats().repairs() - before;
        repaired += delta;
    }

    private void injectChunkFault(Subject s, int disk, String key) throws IOException {
        var region = ChunkDamage.region(s.vault, disk, key);
        if (region.isEmpty()) {
            return;
        }
        ChunkDamage.Region r = region.get();
        switch (random.nextInt(5)) {
            case 0 -> ChunkDamage.flipBit(r, random.nextInt(r.length() * 8)); // bit rot
            case 1 -> ChunkDamage.zero(r, 0, r.length()); // zeroed
            case 2 -> ChunkDamage.zero(r, random.nextInt(r.length()), r.length()); // torn: the tail never reached the disk
            case 3 -> { // misdirected: another chunk's bytes in this place
                int otherDisk = (disk + 1 + random.nextInt(s.setup.disks() - 1)) % s.setup.disks();
                String otherKey = random.nextBoolean() ? key : s.keys.get(random.nextInt(s.keys.size()));
                var other = ChunkDamage.region(s.vault, otherDisk, otherKey);
                if (other.isPresent()) {
                    ChunkDamage.misdirect(r, other.get().read());
                } else {
                    ChunkDamage.zero(r, 0, r.length());
                }
            }
            default -> ChunkDamage.zero(r, 0, ChunkCodec.FIXED_HEADER); // lost header: the chunk cannot even be named
        }
    }

    private void readAndCheck(Subject s, String key, int faults) {
        byte[] want = s.expected.get(key);
        try {
            byte[] got = s.vault.get(key).orElse(null);
            if (got == null) {
                if (faults <= s.setup.tolerance() || s.setup.disks() > faults) {
                    // Every chunk gone reads as "absent"; that can only happen when all were hit.
                    assertThat(faults).as("object %s vanished with only %d faults", key, faults).isGreaterThanOrEqualTo(s.setup.disks());
                }
                forget(s, key);
                return;
            }
            if (!java.util.Arrays.equals(got, want)) {
                fail("SILENT CORRUPT READ of " + key + " in " + s.setup.name() + " (seed " + SEED + ")");
            }
            correctReads++;
            if (faults > 0) {
                detected++;
            }
        } catch (VaultException e) {
            assertThat(e.reason()).isEqualTo(VaultException.Reason.UNRECOVERABLE);
            assertThat(faults).as("%s refused %s with only %d faults (tolerance %d)", s.setup.name(), key, faults, s.setup.tolerance())
                    .isGreaterThan(s.setup.tolerance());
            detected++;
            unrecoverable++;
            forget(s, key);
        }
    }

    private void forget(Subject s, String key) {
        s.keys.remove(key);
        s.expected.remove(key);
        if (s.vault.exists(key)) {
            s.vault.delete(key);
        }
    }

    private void loseADisk(Subject s) throws Exception {
        int disk = 1 + random.nextInt(s.setup.disks() - 1); // disk 0 holds the lock file
        s.vault.close();
        LayoutTest.deleteTree(s.config.disks().get(disk));
        injected++;
        s.vault = Vault.open(s.config);
        assertThat(s.vault.health().status()).isEqualTo(VaultHealth.Status.DEGRADED);
        for (String key : List.copyOf(s.keys)) {
            readAndCheck(s, key, 1);
        }
        ScrubReport r = s.vault.rebuild(disk, (done, total) -> { });
        repaired += r.repaired();
        assertThat(r.unrecoverable()).isEmpty();
        assertThat(s.vault.health().status()).isEqualTo(VaultHealth.Status.UP);
    }

    private void failDuringPrepare(Subject s) throws Exception {
        String kind = List.of("EIO on write", "ENOSPC on write", "failed force").get(random.nextInt(3));
        AtomicBoolean armed = new AtomicBoolean(false);
        IoFaults faults = new IoFaults() {
            @Override
            public void beforeWrite(Path file) throws IOException {
                if (armed.get() && file.getFileName().toString().equals(Journal.FILE) && !kind.equals("failed force")) {
                    throw new IOException(kind.startsWith("EIO") ? "Input/output error" : "No space left on device");
                }
            }

            @Override
            public void beforeForce(Path file) throws IOException {
                if (armed.get() && kind.equals("failed force") && file.getFileName().toString().equals(Journal.FILE)) {
                    throw new IOException("fsync failed: Input/output error");
                }
            }
        };
        s.vault.close();
        s.vault = Vault.open(s.config, faults);
        String key = "io-" + injected;
        TxId tx = new TxId(2, key.getBytes(StandardCharsets.US_ASCII), new byte[] {1});
        s.vault.stage(tx, key, new byte[] {1, 2, 3});
        armed.set(true);
        try {
            s.vault.prepare(tx);
            fail("prepare reported success although every journal " + kind);
        } catch (XAException e) {
            assertThat(e.errorCode).as("a failed prepare must vote rollback").isBetween(XAException.XA_RBBASE, XAException.XA_RBEND);
        }
        injected++;
        ioFaults++;
        assertThat(s.vault.recover()).isEmpty();
        assertThat(s.vault.exists(key)).isFalse();
        armed.set(false);
        s.vault.put(key, new byte[] {4});
        assertThat(s.vault.get(key)).hasValue(new byte[] {4});
        s.vault.close();
        s.vault = Vault.open(s.config);
        assertThat(s.vault.get(key)).hasValue(new byte[] {4});
    }
}
