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

    /** Whether every disk is in service ({@code UP}), some are out ({@code DEGRADED}) or too many ({@code DOWN}). */
    VaultHealth health();

    /**
     * Reads and verifies every chunk, repairing what redundancy allows; progress is logged.
     *
     * @param bytesPerSecond read rate limit, 0 for none
     */
    ScrubReport scrub(long bytesPerSecond);

    /** Puts a replaced, empty disk directory back in service and restores full redundancy onto it. */
    ScrubReport rebuild(int disk);

    /** Releases the handle. It never throws. */
    @Override
    void close();
}
