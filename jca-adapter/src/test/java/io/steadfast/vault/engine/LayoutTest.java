package io.steadfast.vault.engine;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every layout stores, loses disks up to its tolerance, and rebuilds. */
class LayoutTest {

    @TempDir
    Path dir;

    static VaultConfig config(Path dir, VaultConfig.Layout layout, int disks, int k, int m) {
        List<Path> paths = IntStream.range(0, disks).mapToObj(i -> dir.resolve("disk-" + i)).toList();
        return new VaultConfig(paths, layout, k, m, layout == VaultConfig.Layout.STRIPE, "n1");
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(VaultConfig.Layout.MIRROR, 2, 1, 0, 1),
                Arguments.of(VaultConfig.Layout.MIRROR, 3, 1, 0, 2),
                Arguments.of(VaultConfig.Layout.PARITY, 4, 3, 1, 1),
                Arguments.of(VaultConfig.Layout.REED_SOLOMON, 5, 4, 1, 1),
                Arguments.of(VaultConfig.Layout.REED_SOLOMON, 6, 4, 2, 2),
                Arguments.of(VaultConfig.Layout.REED_SOLOMON, 7, 4, 3, 3),
                Arguments.of(VaultConfig.Layout.STRIPE, 3, 3, 0, 0));
    }

    static byte[] payload(Random r, int len) {
        byte[] b = new byte[len];
        r.nextBytes(b);
        return b;
    }

    static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1} disks, k={2} m={3}")
    @MethodSource("layouts")
    void survivesAsManyLostDisksAsItsRedundancy(VaultConfig.Layout layout, int disks, int k, int m, int tolerance) throws Exception {
        Random r = new Random(7);
        List<byte[]> objects = new ArrayList<>();
        int[] sizes = {0, 1, 5, 4096, 10_000, 65_537};
        VaultConfig cfg = config(dir, layout, disks, k, m);
        try (Vault v = Vault.open(cfg)) {
            for (int i = 0; i < sizes.length; i++) {
                objects.add(payload(r, sizes[i]));
                v.put("obj-" + i, objects.get(i));
            }
        }
        // Lose `tolerance` disks (from the end, so the lock file on disk 0 stays).
        for (int i = 0; i < tolerance; i++) {
            deleteTree(dir.resolve("disk-" + (disks - 1 - i)));
        }
        try (Vault v = Vault.open(cfg)) {
            if (tolerance > 0) {
                assertThat(v.health().status()).isEqualTo(VaultHealth.Status.DEGRADED);
                assertThat(v.health().offlineDisks()).hasSize(tolerance);
            }
            for (int i = 0; i < sizes.length; i++) {
                assertThat(v.get("obj-" + i)).as("object %d", i).hasValue(objects.get(i));
            }
            // Writes keep working while degraded.
            if (tolerance > 0) {
                v.put("written-degraded", objects.get(3));
                assertThat(v.get("written-degraded")).hasValue(objects.get(3));
                for (int i = 0; i < tolerance; i++) {
                    ScrubReport report = v.rebuild(disks - 1 - i, (done, total) -> { });
                    assertThat(report.unrecoverable()).isEmpty();
                }
                assertThat(v.health().status()).isEqualTo(VaultHealth.Status.UP);
            }
        }
        // After the rebuild the vault has full redundancy again: it survives the same loss elsewhere.
        if (tolerance > 0) {
            for (int i = 0; i < tolerance; i++) {
                deleteTree(dir.resolve("disk-" + (1 + i)));
            }
            try (Vault v = Vault.open(cfg)) {
                for (int i = 0; i < sizes.length; i++) {
                    assertThat(v.get("obj-" + i)).hasValue(objects.get(i));
                }
                assertThat(v.get("written-degraded")).hasValue(objects.get(3));
            }
        }
    }

    @ParameterizedTest(name = "Reed-Solomon k=4 with m={0} survives {0} lost disks in any position")
    @ValueSource(ints = {1, 2, 3})
    void reedSolomonSurvivesAnyMLostDisks(int m) throws Exception {
        Random r = new Random(m);
        byte[] object = payload(r, 9_999);
        int n = 4 + m;
        VaultConfig cfg = config(dir, VaultConfig.Layout.REED_SOLOMON, n, 4, m);
        try (Vault v = Vault.open(cfg)) {
            v.put("o", object);
        }
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != m || (mask & 1) != 0) {
                continue; // disk 0 holds the lock file; every other combination is tried
            }
            List<Path> moved = new ArrayList<>();
            for (int d = 0; d < n; d++) {
                if ((mask & (1 << d)) != 0) {
                    Path from = dir.resolve("disk-" + d);
                    Path to = dir.resolve("away-" + d);
                    Files.move(from, to);
                    moved.add(to);
                }
            }
            try (Vault v = Vault.open(cfg)) {
                assertThat(v.get("o")).as("lost disks %s", Integer.toBinaryString(mask)).hasValue(object);
            }
            for (Path to : moved) {
                Files.move(to, dir.resolve(to.getFileName().toString().replace("away-", "disk-")));
            }
        }
    }

    @Test
    void oneLostDiskMoreThanTheLayoutToleratesIsUnrecoverableNeverWrong() throws Exception {
        VaultConfig cfg = config(dir, VaultConfig.Layout.PARITY, 3, 2, 1);
        try (Vault v = Vault.open(cfg)) {
            v.put("o", new byte[1000]);
        }
        deleteTree(dir.resolve("disk-1"));
        deleteTree(dir.resolve("disk-2"));
        try (Vault v = Vault.open(cfg)) {
            assertThat(v.health().status()).isEqualTo(VaultHealth.Status.DOWN);
            assertThatThrownBy(() -> v.get("o")).isInstanceOfSatisfying(VaultException.class, e -> {
                assertThat(e.reason()).isEqualTo(VaultException.Reason.UNRECOVERABLE);
                assertThat(e.getMessage()).contains("object o");
            });
            assertThatThrownBy(() -> v.put("p", new byte[10])).isInstanceOf(VaultException.class);
        }
    }

    @Test
    void aLayoutWithTheWrongNumberOfDisksIsRefused() {
        assertThatThrownBy(() -> Vault.open(config(dir, VaultConfig.Layout.REED_SOLOMON, 5, 4, 2)))
                .hasMessageContaining("needs exactly 6 disks, not 5");
    }

    @Test
    void scrubFindsAndRepairsDamageAndReportsProgress() throws Exception {
        VaultConfig cfg = config(dir, VaultConfig.Layout.REED_SOLOMON, 6, 4, 2);
        byte[] object = payload(new Random(3), 5000);
        try (Vault v = Vault.open(cfg)) {
            for (int i = 0; i < 10; i++) {
                v.put("o" + i, object);
            }
        }
        try (Vault v = Vault.open(cfg)) {
            ChunkDamage.flipBit(ChunkDamage.region(v, 2, "o4").orElseThrow(), 800);
            ChunkDamage.zero(ChunkDamage.region(v, 3, "o7").orElseThrow(), 0, ChunkCodec.FIXED_HEADER);
            List<Long> progress = new ArrayList<>();
            ScrubReport report = v.scrub(0, (done, total) -> progress.add(done));
            assertThat(report.objects()).isEqualTo(10);
            assertThat(report.chunksChecked()).isEqualTo(60);
            assertThat(report.errorsFound()).isEqualTo(2);
            assertThat(report.repaired()).isEqualTo(2);
            assertThat(report.unrecoverable()).isEmpty();
            assertThat(progress).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            ScrubReport again = v.scrub(0, (done, total) -> { });
            assertThat(again.errorsFound()).isZero();
            assertThat(again.chunksChecked()).isEqualTo(60);
        }
    }
}
