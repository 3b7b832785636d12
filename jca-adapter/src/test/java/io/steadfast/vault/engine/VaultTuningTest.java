package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultTuningTest {

    @Test
    void unsetPropertiesGiveTheDefaults() {
        assertThat(VaultTuning.from(name -> null)).isEqualTo(VaultTuning.DEFAULTS);
        assertThat(VaultTuning.DEFAULTS).isEqualTo(new VaultTuning(64L << 20, 10_000, 1));
    }

    @Test
    void eachPropertyIsReadExactly() {
        VaultTuning t = VaultTuning.from(Map.of(VaultTuning.MAX_PENDING_BYTES, 1048576L, VaultTuning.VISIBLE_WAIT_MILLIS, 0L,
                VaultTuning.FORCES_IN_FLIGHT, 4L)::get);
        assertThat(t).isEqualTo(new VaultTuning(1 << 20, 0, 4));
    }

    @Test
    void aValueOutOfRangeIsRefusedWithItsName() {
        assertThatThrownBy(() -> VaultTuning.from(Map.of(VaultTuning.FORCES_IN_FLIGHT, 0L)::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(VaultTuning.FORCES_IN_FLIGHT).hasMessageContaining("not 0");
        assertThatThrownBy(() -> VaultTuning.from(Map.of(VaultTuning.FORCES_IN_FLIGHT, 1L << 40)::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(VaultTuning.FORCES_IN_FLIGHT);
        assertThatThrownBy(() -> VaultTuning.from(Map.of(VaultTuning.MAX_PENDING_BYTES, 0L)::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(VaultTuning.MAX_PENDING_BYTES);
        assertThatThrownBy(() -> VaultTuning.from(Map.of(VaultTuning.VISIBLE_WAIT_MILLIS, -1L)::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(VaultTuning.VISIBLE_WAIT_MILLIS);
    }
}
