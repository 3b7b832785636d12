package io.steadfast.vault.outbound;

import io.steadfast.vault.api.VaultException;
import io.steadfast.vault.engine.Vault;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pooled connection to the vault engine. While its {@link VaultXAResource} is associated with a
 * branch, writes through any of its handles are staged in that branch; otherwise each write
 * commits on its own.
 */
public class VaultManagedConnection implements ManagedConnection {

    private final VaultManagedConnectionFactory factory;
    private final Vault engine;
    private final VaultXAResource xaResource;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<VaultConnectionImpl> handles = new CopyOnWriteArrayList<>();
    private volatile Xid currentBranch;
    private PrintWriter logWriter;

    VaultManagedConnection(VaultManagedConnectionFactory factory, Vault engine) {
        this.factory = factory;
        this.engine = engine;
        this.xaResource = new VaultXAResource(this, engine);
    }

    VaultManagedConnectionFactory factory() {
        return factory;
    }

    void associate(Xid xid) {
        this.currentBranch = xid;
    }

    void dissociate() {
        this.currentBranch = null;
    }

    // ---------------------------------------------------------------- operations for handles

    void put(String key, byte[] data) {
        Xid branch = currentBranch;
        try {
            if (branch != null) {
                engine.stage(branch, key, data);
            } else {
                engine.put(key, data);
            }
        } catch (VaultException e) {
            if (e.reason() == VaultException.Reason.IO) {
                fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, null, e);
            }
            throw e;
        }
    }

    Optional<byte[]> get(String key) {
        return engine.get(key);
    }

    boolean exists(String key) {
        return engine.exists(key);
    }

    List<String> list(String prefix) {
        return engine.list(prefix);
    }

    io.steadfast.vault.api.VaultStatistics statistics() {
        return engine.stats();
    }

    io.steadfast.vault.api.VaultHealth health() {
        return engine.health();
    }

    io.steadfast.vault.api.ScrubReport scrub(long bytesPerSecond) {
        String what = "scrub of " + engine.config().disks();
        io.steadfast.vault.api.ScrubReport r = engine.scrub(bytesPerSecond, progressLogger(what));
        VaultLogger.LOG.maintenanceDone(what, r.toString());
        return r;
    }

    io.steadfast.vault.api.ScrubReport rebuild(int disk) {
        String what = "rebuild of disk " + disk + " of " + engine.config().disks();
        io.steadfast.vault.api.ScrubReport r = engine.rebuild(disk, progressLogger(what));
        VaultLogger.LOG.maintenanceDone(what, r.toString());
        return r;
    }

    /** Logs progress at every tenth of the objects. */
    private static java.util.function.BiConsumer<Long, Long> progressLogger(String what) {
        long[] lastTenth = {-1};
        return (done, total) -> {
            long tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth != lastTenth[0]) {
                lastTenth[0] = tenth;
                VaultLogger.LOG.maintenanceProgress(what, done, total);
            }
        };
    }

    void closeHandle(VaultConnectionImpl handle) {
        if (handles.remove(handle)) {
            fire(ConnectionEvent.CONNECTION_CLOSED, handle, null);
        }
    }

    private void fire(int type, Object handle, Exception cause) {
        ConnectionEvent event = cause == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, cause);
        if (handle != null) {
            event.setConnectionHandle(handle);
        }
        for (ConnectionEventListener l : listeners) {
            switch (type) {
                case ConnectionEvent.CONNECTION_CLOSED -> l.connectionClosed(event);
                case ConnectionEvent.CONNECTION_ERROR_OCCURRED -> l.connectionErrorOccurred(event);
                default -> { }
            }
        }
    }

    // ---------------------------------------------------------------- ManagedConnection

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        VaultConnectionImpl handle = new VaultConnectionImpl(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof VaultConnectionImpl handle)) {
            throw new jakarta.resource.spi.IllegalStateException("not a vault connection handle: " + connection);
        }
        handle.reassign(this);
        handles.add(handle);
    }

    void forget(VaultConnectionImpl handle) {
        handles.remove(handle);
    }

    @Override
    public void cleanup() {
        for (VaultConnectionImpl h : handles) {
            h.invalidate();
        }
        handles.clear();
        currentBranch = null;
    }

    @Override
    public void destroy() {
        cleanup();
        listeners.clear();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("the vault takes part in XA transactions only");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Steadfast vault";
            }

            @Override
            public String getEISProductVersion() {
                return "1.0";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return null;
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
