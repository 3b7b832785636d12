package io.steadfast.vault.outbound;

import io.steadfast.vault.engine.TxId;
import io.steadfast.vault.engine.Vault;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The vault's XA resource: associates the managed connection with a branch and hands the
 * two-phase protocol to the engine. {@link #recover} reports the engine's prepared branches, so
 * Narayana's periodic recovery can settle them after a crash.
 */
final class VaultXAResource implements XAResource {

    private final VaultManagedConnection connection;
    private final Vault engine;
    private volatile int timeoutSeconds;

    VaultXAResource(VaultManagedConnection connection, Vault engine) {
        this.connection = connection;
        this.engine = engine;
    }

    @Override
    public void start(Xid xid, int flags) {
        engine.begin(xid);
        connection.associate(xid);
    }

    @Override
    public void end(Xid xid, int flags) {
        connection.dissociate();
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        try {
            return engine.prepare(xid);
        } catch (XAException e) {
            throw logged("prepare", xid, e);
        }
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        try {
            engine.commit(xid, onePhase);
        } catch (XAException e) {
            throw logged(onePhase ? "one-phase commit" : "commit", xid, e);
        }
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        try {
            engine.rollback(xid);
        } catch (XAException e) {
            throw logged("rollback", xid, e);
        }
    }

    @Override
    public void forget(Xid xid) {
        // the engine never makes heuristic decisions, so there is nothing to forget
    }

    @Override
    public Xid[] recover(int flag) {
        if ((flag & TMSTARTRSCAN) != 0) {
            return engine.recover();
        }
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof VaultXAResource v && v.engine == engine;
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        this.timeoutSeconds = seconds;
        return true;
    }

    private static XAException logged(String operation, Xid xid, XAException e) {
        if (e.errorCode != XAException.XAER_NOTA) {
            VaultLogger.LOG.xaFailure(operation, TxId.of(xid).toString(), e.errorCode, e.getMessage());
        }
        return e;
    }
}
