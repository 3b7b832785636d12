package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the engine owes its operators around opening and running: a journal copy it cannot read
 * degrades the vault instead of vanishing, a failing applier shows in health, a failed open gives
 * back every file it opened, and a layout that cannot work is refused before anything is opened.
 */
class VaultLifecycleTest {

    @TempDir
    Path dir;

    private VaultConfig mirror() {
        return LayoutTest.config(dir, VaultConfig.Layout.MIRROR, 2, 1, 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A vault opened without threads handed in makes its own pool and stops it when it closes;
     * one handed a pool leaves it running for its owner (the resource adapter stops it).
     */
    @Test
    void anEngineStopsTheThreadsItMadeAndLeavesThoseItWasHanded() throws Exception {
        java.util.Set<Thread> before = VaultThreadsAlive.now();
        try (Vault v = Vault.open(mirror())) {
            for (int i = 0; i < 20; i++) {
                v.put("r-" + i, bytes("r"));
            }
            v.checkpoint();
            assertThat(VaultThreadsAlive.since(before)).as("its applier while it runs").isNotEmpty();
        }
        // A pool's last worker reports the pool terminated just before its thread ends: poll, with a deadline.
        await("threads of its own end after close").atMost(Duration.ofSeconds(10)).until(() -> VaultThreadsAlive.since(before).isEmpty());

        java.util.concurrent.ExecutorService handed = VaultThreads.pool("handed");
        try {
            try (Vault v = Vault.open(mirror(), VaultTuning.DEFAULTS, handed)) {
                v.put("r-x", bytes("r"));
                v.checkpoint();
            }
            assertThat(handed.isShutdown()).as("a pool it was handed is its owner's to stop").isFalse();
            await("the applier ended at close, on the owner's pool").atMost(Duration.ofSeconds(10))
                    .until(() -> VaultThreadsAlive.since(before).isEmpty());
        } finally {
            assertThat(VaultThreads.stop(handed, 10)).isTrue();
        }
    }


    @Test
    void aJournalCopyThatCannotBeReadDegradesTheVaultUntilARebuild() throws Exception {
        try (Vault v = Vault.open(mirror())) {
            v.put("kept", bytes("kept"));
        }
        Path disk1Journal = dir.resolve("disk-1").resolve("journal");
        AtomicBoolean failing = new AtomicBoolean(true);
        IoFaults eio = new IoFaults() {
            @Override
            public void beforeRead(Path file) throws IOException {
                if (failing.get() && file.startsWith(disk1Journal)) {
                    throw new IOException("Input/output error");
                }
            }
        };
        try (Vault v = Vault.open(mirror(), eio)) {
            assertThat(v.journalCopiesSkipped()).singleElement().asString()
                    .contains(disk1Journal.toString()).contains("Input/output error");
            VaultHealth h = v.health();
            assertThat(h.status()).isEqualTo(VaultHealth.Status.DEGRADED);
            assertThat(h.offlineDisks()).singleElement().asString().contains("disk 1").contains("journal copy")
                    .contains("could not be read");
            assertThat(v.get("kept")).hasValue(bytes("kept"));

            failing.set(false);
            v.rebuild(1, (done, total) -> { });
            assertThat(v.health().status()).isEqualTo(VaultHealth.Status.UP);
        }
    }

    @Test
    void aFailingApplierShowsInHealthAndIsToldOnceThenItsRecovery() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger failedWrites = new java.util.concurrent.atomic.AtomicInteger();
        IoFaults broken = new IoFaults() {
            @Override
            public void beforeWrite(Path file) {
                if (failing.get() && file.getFileName().toString().endsWith(SegmentLog.SUFFIX)) {
                    failedWrites.incrementAndGet();
                    throw new IllegalStateException("segment writer broke");
                }
            }
        };
        List<String> told = new CopyOnWriteArrayList<>();
        try (Vault v = Vault.open(mirror(), broken)) {
            v.onApplierChange(problem -> told.add(String.valueOf(problem)));
            failing.set(true);
            v.put("waiting", bytes("waiting"));

            await().atMost(Duration.ofSeconds(10)).until(() -> v.health().status() == VaultHealth.Status.DEGRADED);
            VaultHealth h = v.health();
            assertThat(h.offlineDisks()).as("the disks themselves are in service").isEmpty();
            assertThat(h.problems()).singleElement().asString().contains("applier").contains("segment writer broke");
            assertThat(v.get("waiting")).as("served from memory meanwhile").hasValue(bytes("waiting"));
            // It retries (every 200 ms); the listener heard of the failure once, not per retry.
            int seen = failedWrites.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> failedWrites.get() >= seen + 4);
            assertThat(told).singleElement().asString().contains("segment writer broke");

            failing.set(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> v.health().status() == VaultHealth.Status.UP);
            assertThat(v.health().problems()).isEmpty();
            assertThat(told).hasSize(2).last().isEqualTo("null");
            assertThat(v.store().location(0, "waiting")).as("written once the applier could").isPresent();
        }
    }

    @Test
    void anOpenThatFailsGivesBackItsLockAndFilesSoTheNextOpenWorks() throws Exception {
        VaultConfig cfg = mirror();
        Files.createDirectories(dir.resolve("disk-0"));
        Files.writeString(dir.resolve("disk-0").resolve("segments"), "not a directory");

        assertThatThrownBy(() -> Vault.open(cfg)).isInstanceOf(IOException.class);
        assertThat(OpenFiles.under(dir)).as("files left open by the failed open").isEmpty();

        Files.delete(dir.resolve("disk-0").resolve("segments"));
        try (Vault v = Vault.open(cfg)) {
            v.put("after", bytes("after"));
            assertThat(v.get("after")).hasValue(bytes("after"));
        }
        assertThat(OpenFiles.under(dir)).as("files left open after close").isEmpty();
    }

    @Test
    void aLayoutThatCannotWorkOnItsDisksIsRefusedBeforeAnythingIsCreated() {
        VaultConfig parityOnTwo = LayoutTest.config(dir, VaultConfig.Layout.PARITY, 2, 2, 1);

        assertThatThrownBy(() -> Vault.validate(parityOnTwo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parity").hasMessageContaining("needs exactly 3 disks, not 2");
        assertThatThrownBy(() -> Vault.open(parityOnTwo)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("disk-0")).doesNotExist();
    }
}
