package io.steadfast.vault.outbound;

import io.steadfast.vault.api.VaultConnection;

import java.util.List;
import java.util.Optional;

/** A connection handle; it delegates to whichever managed connection it is currently associated with. */
public class VaultConnectionImpl implements VaultConnection {

    private volatile VaultManagedConnection mc;

    VaultConnectionImpl(VaultManagedConnection mc) {
        this.mc = mc;
    }

    void reassign(VaultManagedConnection target) {
        VaultManagedConnection old = this.mc;
        if (old != null && old != target) {
            old.forget(this);
        }
        this.mc = target;
    }

    void invalidate() {
        this.mc = null;
    }

    private VaultManagedConnection mc() {
        VaultManagedConnection m = mc;
        if (m == null) {
            throw new IllegalStateException("this vault connection is closed");
        }
        return m;
    }

    @Override
    public void put(String key, byte[] data) {
        mc().put(key, data);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return mc().get(key);
    }

    @Override
    public boolean exists(String key) {
        return mc().exists(key);
    }

    @Override
    public List<String> list(String prefix) {
        return mc().list(prefix);
    }

    @Override
    public io.steadfast.vault.api.VaultStatistics statistics() {
        return mc().statistics();
    }

    @Override
    public io.steadfast.vault.api.VaultHealth health() {
        return mc().health();
    }

    @Override
    public io.steadfast.vault.api.ScrubReport scrub(long bytesPerSecond) {
        return mc().scrub(bytesPerSecond);
    }

    @Override
    public io.steadfast.vault.api.ScrubReport rebuild(int disk) {
        return mc().rebuild(disk);
    }

    @Override
    public void close() {
        VaultManagedConnection m = mc;
        if (m != null) {
            m.closeHandle(this);
            mc = null;
        }
    }
}
