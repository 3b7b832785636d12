package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultException;
import io.steadfast.vault.api.VaultStatistics;
import io.steadfast.vault.api.VaultException.Reason;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The vault engine: write-once objects under XA-style transactions.
 *
 * <p>A branch stages its writes in memory and locks their keys, so two branches writing one key
 * conflict at once instead of one silently overwriting the other. {@link #prepare} forces a
 * journal record holding the writes; {@link #commit} applies them to the object store and then
 * removes the record; {@link #rollback} drops them. After a crash, {@link #open} reloads every
 * prepared record, so {@link #recover} reports exactly the branches still in doubt. An unknown
 * Xid gets {@code XAER_NOTA}, which is also what a repeated commit or rollback sees once the first
 * one finished.
 */
public final class Vault implements AutoCloseable {

    private enum State { ACTIVE, PREPARED }

    private static final class Branch {
        final TxId tx;
        final Map<String, byte[]> writes = new LinkedHashMap<>();
        volatile State state = State.ACTIVE;
        long generation;

        Branch(TxId tx) {
            this.tx = tx;
        }
    }

    private final VaultConfig config;
    private final ObjectStore store;
    private final PrepareJournal journal;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<TxId, Branch> branches = new ConcurrentHashMap<>();
    private final Map<String, TxId> keyOwners = new ConcurrentHashMap<>();
    private final AtomicLong generations;
    private final List<Path> corruptJournalRecords = new ArrayList<>();

    private final AtomicLong prepares = new AtomicLong();
    private final AtomicLong twoPhaseCommits = new AtomicLong();
    private final AtomicLong onePhaseCommits = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private final AtomicLong readOnly = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();

    private Vault(VaultConfig config) throws IOException {
        this.config = config;
        Path home = config.disks().get(0);
        Files.createDirectories(home);
        this.lockChannel = FileChannel.open(home.resolve("vault-" + config.nodeId() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("vault at " + home + " for node " + config.nodeId() + " is already open in another process or engine");
        }
        this.lock = l;
        this.store = new DirectoryStore(home);
        this.journal = new PrepareJournal(home.resolve("journal").resolve(config.nodeId()));
        this.generations = new AtomicLong(System.currentTimeMillis() * 1000);
        for (PrepareJournal.Entry e : journal.readAll(corruptJournalRecords)) {
            Branch b = new Branch(e.tx());
            b.writes.putAll(e.writes());
            b.generation = e.generation();
            b.state = State.PREPARED;
            branches.put(e.tx(), b);
            for (String key : e.writes().keySet()) {
                keyOwners.put(key, e.tx());
            }
            recovered.incrementAndGet();
        }
    }

    /** Opens (and after a crash, recovers) the vault described by {@code config}. */
    public static Vault open(VaultConfig config) throws IOException {
        if (config.layout() == VaultConfig.Layout.STRIPE && !config.allowStripe()) {
            throw new IllegalArgumentException("the stripe layout has no redundancy; set allowStripe to use it anyway");
        }
        return new Vault(config);
    }

    public VaultConfig config() {
        return config;
    }

    /** Journal records that failed their CRC at start-up, moved aside for an operator. */
    public List<Path> corruptJournalRecords() {
        return List.copyOf(corruptJournalRecords);
    }

    // ---------------------------------------------------------------- transactional writes

    /** Starts (or joins) the branch {@code xid}; a branch that writes nothing prepares read-only. */
    public void begin(Xid xid) {
        branches.computeIfAbsent(TxId.of(xid), Branch::new);
    }

    /** Stages a write in the branch {@code xid}, creating the branch on first use. */
    public void stage(Xid xid, String key, byte[] data) {
        ObjectKeys.requireValid(key);
        TxId tx = TxId.of(xid);
        Branch b = branches.computeIfAbsent(tx, Branch::new);
        if (b.state != State.ACTIVE) {
            throw new VaultException(Reason.TRANSACTION, "branch " + tx + " is already prepared; no more writes");
        }
        TxId owner = keyOwners.putIfAbsent(key, tx);
        if (owner != null && !owner.equals(tx)) {
            throw new VaultException(Reason.CONFLICT, "object " + key + " is being written by another transaction");
        }
        try {
            if (store.exists(key)) {
                if (owner == null) {
                    keyOwners.remove(key, tx);
                }
                throw new VaultException(Reason.KEY_EXISTS, "object " + key + " already exists; objects are write-once");
            }
        } catch (IOException e) {
            keyOwners.remove(key, tx);
            throw new VaultException(Reason.IO, "cannot check object " + key + ": " + e.getMessage(), e);
        }
        synchronized (b) {
            b.writes.put(key, data.clone());
        }
    }

    /** Votes on the branch: forces its journal record, or answers read-only when it wrote nothing. */
    public int prepare(Xid xid) throws XAException {
        Branch b = branch(xid);
        synchronized (b) {
            if (b.state == State.PREPARED) {
                return XAResource.XA_OK;
            }
            if (b.writes.isEmpty()) {
                branches.remove(b.tx);
                readOnly.incrementAndGet();
                return XAResource.XA_RDONLY;
            }
            b.generation = generations.incrementAndGet();
            try {
                journal.write(b.tx, b.generation, b.writes);
            } catch (IOException | RuntimeException e) {
                discard(b);
                throw xa(XAException.XA_RBROLLBACK, "prepare of " + b.tx + " failed, voting rollback: " + e, e);
            }
            b.state = State.PREPARED;
            prepares.incrementAndGet();
            return XAResource.XA_OK;
        }
    }

    public void commit(Xid xid, boolean onePhase) throws XAException {
        Branch b = branch(xid);
        synchronized (b) {
            if (onePhase) {
                if (b.state == State.ACTIVE) {
                    if (prepare(xid) == XAResource.XA_RDONLY) {
                        onePhaseCommits.incrementAndGet();
                        return;
                    }
                }
            } else if (b.state != State.PREPARED) {
                throw xa(XAException.XAER_PROTO, "commit of " + b.tx + " without prepare", null);
            }
            try {
                for (Map.Entry<String, byte[]> w : b.writes.entrySet()) {
                    store.write(w.getKey(), b.generation, w.getValue());
                }
                journal.remove(b.tx);
            } catch (IOException | RuntimeException e) {
                // The record stays in the journal; recovery will apply it again.
                throw xa(XAException.XAER_RMFAIL, "commit of " + b.tx + " could not be applied yet: " + e, e);
            }
            release(b);
            (onePhase ? onePhaseCommits : twoPhaseCommits).incrementAndGet();
        }
    }

    public void rollback(Xid xid) throws XAException {
        Branch b = branch(xid);
        synchronized (b) {
            if (b.state == State.PREPARED) {
                try {
                    journal.remove(b.tx);
                } catch (IOException e) {
                    throw xa(XAException.XAER_RMFAIL, "rollback of " + b.tx + " could not remove its journal record: " + e, e);
                }
            }
            discard(b);
            rollbacks.incrementAndGet();
        }
    }

    /** The prepared branches that are still waiting for an outcome. */
    public Xid[] recover() {
        return branches.values().stream().filter(b -> b.state == State.PREPARED).map(b -> b.tx).toArray(Xid[]::new);
    }

    /** Writes one object in a transaction of its own. */
    public void put(String key, byte[] data) {
        TxId tx = new TxId(0x53460001, UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[] {1});
        try {
            stage(tx, key, data);
            commit(tx, true);
        } catch (XAException e) {
            throw new VaultException(Reason.IO, "could not store " + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Branch b = branches.get(tx);
            if (b != null) {
                discard(b);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- reads

    public Optional<byte[]> get(String key) {
        ObjectKeys.requireValid(key);
        try {
            return store.read(key);
        } catch (IOException e) {
            throw new VaultException(Reason.IO, "cannot read object " + key + ": " + e.getMessage(), e);
        }
    }

    public boolean exists(String key) {
        ObjectKeys.requireValid(key);
        try {
            return store.exists(key);
        } catch (IOException e) {
            throw new VaultException(Reason.IO, "cannot check object " + key + ": " + e.getMessage(), e);
        }
    }

    public List<String> list(String prefix) {
        try {
            return store.list(prefix == null ? "" : prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public VaultStatistics stats() {
        return new VaultStatistics(prepares.get(), twoPhaseCommits.get(), onePhaseCommits.get(), rollbacks.get(),
                readOnly.get(), recovered.get(), 0);
    }

    @Override
    public void close() throws IOException {
        try {
            store.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    // ---------------------------------------------------------------- internals

    private Branch branch(Xid xid) throws XAException {
        Branch b = branches.get(TxId.of(xid));
        if (b == null) {
            throw xa(XAException.XAER_NOTA, "unknown branch " + TxId.of(xid), null);
        }
        return b;
    }

    private void discard(Branch b) {
        release(b);
    }

    private void release(Branch b) {
        for (String key : b.writes.keySet()) {
            keyOwners.remove(key, b.tx);
        }
        branches.remove(b.tx);
    }

    private static XAException xa(int code, String message, Throwable cause) {
        XAException e = new XAException(message);
        e.errorCode = code;
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
