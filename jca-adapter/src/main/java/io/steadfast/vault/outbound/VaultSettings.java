package io.steadfast.vault.outbound;

import io.steadfast.vault.engine.VaultTuning;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The engine's tuning as the server's MicroProfile Config has it ({@link VaultTuning}'s properties:
 * a system property, then an environment variable such as {@code STEADFAST_VAULT_MAX_PENDING_BYTES}).
 * The layout comes from the connection definition's config properties ({@code configure-vault.cli});
 * these are tuning that a deployment rarely changes, so they have no config property of their own.
 */
final class VaultSettings {

    private VaultSettings() {
    }

    /**
     * The tuning now.
     *
     * @throws IllegalArgumentException naming a property that is not a number (MicroProfile Config's converter) or is out of range
     */
    static VaultTuning tuning() {
        Config config = ConfigProvider.getConfig(VaultSettings.class.getClassLoader());
        return VaultTuning.from(name -> config.getOptionalValue(name, Long.class).orElse(null));
    }
}
