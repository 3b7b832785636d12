package io.steadfast.vault.api;

import java.util.List;
import java.util.Optional;

/**
 * A handle on the vault: write-once objects by key.
 *
 * <p>Keys are 1 to 200 characters of {@code A-Z a-z 0-9 . _ - : @ = +}, and never {@code .} or
 * {@code ..}; anything else is refused with an {@link IllegalArgumentException} saying why.
 * Writes made inside a JTA transaction become visible when it commits, and vanish if it rolls
 * back. Reads see committed objects only.
 */
public interface VaultConnection extends AutoCloseable {

    /**
     * Stores an object. Fails with {@link VaultException} ({@code KEY_EXISTS}) if the key is already
     * committed, or ({@code CONFLICT}) if another transaction is writing the same key.
     */
    void put(String key, byte[] data);

    /** The committed object, verified (and repaired from redundancy where needed). */
    Optional<byte[]> get(String key);

    boolean exists(String key);

    /** The committed keys that start with {@code prefix}, sorted. */
    List<String> list(String prefix);

    /** Counters of the vault engine behind this connection (shared by all its connections). */
    VaultStatistics statistics();

    /** Releases the handle. It never throws. */
    @Override
    void close();
}
