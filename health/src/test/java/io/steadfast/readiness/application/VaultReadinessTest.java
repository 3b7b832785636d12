package io.steadfast.readiness.application;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VaultReadinessTest {

    @Test
    void anUpVaultIsReady() {
        assertThat(VaultReadiness.of("UP", List.of(), List.of()).isReady()).isTrue();
    }

    @Test
    void aVaultThatLostADiskButServesEverythingStaysReady() {
        Verdict v = VaultReadiness.of("DEGRADED", List.of("disk-1: gone"), List.of());

        assertThat(v.isReady()).isTrue();
        assertThat(v.problem()).isEmpty();
    }

    @Test
    void aFailingApplierIsNotReadyAndSaysWhy() {
        Verdict v = VaultReadiness.of("DEGRADED", List.of(), List.of("the applier cannot write committed objects to the disks (EIO)"));

        assertThat(v.isReady()).isFalse();
        assertThat(v.problem()).get().asString().contains("DEGRADED").contains("the applier cannot write").contains("EIO");
    }

    @Test
    void aFailingApplierWithALostDiskIsNotReady() {
        Verdict v = VaultReadiness.of("DEGRADED", List.of("disk-0: gone"), List.of("the applier cannot write (EIO)"));

        assertThat(v.isReady()).isFalse();
    }

    @Test
    void aStoppedApplierIsNotReady() {
        Verdict v = VaultReadiness.of("DOWN", List.of(), List.of("the applier has stopped (OutOfMemoryError)"));

        assertThat(v.isReady()).isFalse();
        assertThat(v.problem()).get().asString().contains("DOWN").contains("the applier has stopped");
    }

    @Test
    void tooManyDisksOutIsNotReadyAndNamesThem() {
        Verdict v = VaultReadiness.of("DOWN", List.of("disk-0: gone", "disk-1: EIO"), List.of());

        assertThat(v.isReady()).isFalse();
        assertThat(v.problem()).get().asString().contains("disk-0: gone; disk-1: EIO").contains("rebuild");
    }

    @Test
    void anUnknownStatusIsNotReady() {
        assertThat(VaultReadiness.of("SIDEWAYS", List.of(), List.of()).problem()).get().asString().contains("SIDEWAYS");
    }

    @Test
    void aVaultThatCannotBeAskedIsNotReady() {
        Verdict v = VaultReadiness.unreachable("ResourceException: the vault does not open");

        assertThat(v.isReady()).isFalse();
        assertThat(v.problem()).get().asString().contains("the vault does not open");
    }
}
