package io.steadfast.vault.engine;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultException;
import io.steadfast.vault.api.VaultException.Reason;
import io.steadfast.vault.api.VaultStatistics;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * The vault engine: write-once objects under XA-style transactions, stored redundantly.
 *
 * <p>A branch stages its writes in memory and locks their keys, so two branches writing one key
 * conflict at once instead of one silently overwriting the other. {@link #prepare} appends a
 * PREPARE record holding the writes to the {@link Journal} and forces it (group commit shares the
 * force between concurrent branches). {@link #commit} forces a COMMIT record and then applies the
 * writes to the {@link RedundantStore}; the one-phase optimisation forces a single ONE_PHASE
 * record. Chunk files are forced in bulk at a checkpoint, before the journal records that hold
 * their data are dropped, so every commit that returned survives a crash: {@link #open} redoes
 * committed records and reloads prepared ones, and {@link #recover} reports exactly the branches
 * still in doubt. An unknown Xid gets {@code XAER_NOTA}, which is also what a repeated commit or
 * rollback sees once the first one finished.
 */
public final class Vault implements AutoCloseable {

    /** Rotate the journal (checkpoint, then rewrite it with live records only) past this size. */
    static final long DEFAULT_JOURNAL_LIMIT = 64L << 20;

    private enum State { ACTIVE, PREPARED, COMMITTING }

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
    private final RedundantStore store;
    /** The other nodes' vaults, read when a key is not in this one; null for a vault not shared with a cluster. */
    private final PeerVaults peers;
    private final Journal journal;
    /** How many journal copies the layout wants: one more than the disks it may lose. */
    private final int journalCopies;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long journalLimit;
    private final Map<TxId, Branch> branches = new ConcurrentHashMap<>();
    private final Map<String, TxId> keyOwners = new ConcurrentHashMap<>();
    /** Journal records that must survive a rotation: PREPAREs in doubt, and branches still applying. */
    private final Map<TxId, List<JournalCodec.Entry>> live = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
    private final AtomicLong generations;
    private final Journal.Replay replay;
    private final List<String> redoFailures = new ArrayList<>();
    private boolean closed;

    /** Stop taking commits while more than {@code tuning.maxPendingBytes()} committed bytes wait for the applier. */
    private final VaultTuning tuning;

    /** Writes committed branches to the store, keeping them readable from memory until then. */
    private final Applier applier;
    /** The engine's threads: its applier, and the forces on several disks at once ({@link VaultThreads}). */
    private final java.util.concurrent.ExecutorService threads;
    /** Whether this engine made {@link #threads} (and stops them when it closes) or was handed them. */
    private final boolean ownsThreads;

    private final AtomicLong prepares = new AtomicLong();
    private final AtomicLong twoPhaseCommits = new AtomicLong();
    private final AtomicLong onePhaseCommits = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private final AtomicLong readOnly = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    /** Time checkpoints held every commit back (holding the rotation lock). */
    private final AtomicLong checkpointNanos = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean rotating = new java.util.concurrent.atomic.AtomicBoolean();

    private Vault(VaultConfig config, VaultTuning tuning, IoFaults faults, long journalLimit, long segmentLimit,
                  java.util.concurrent.ExecutorService handedIn) throws IOException {
        this.config = config;
        this.tuning = java.util.Objects.requireNonNull(tuning, "tuning");
        this.journalLimit = journalLimit;
        // A pool makes no thread before its first task, so one dropped by a failure before the
        // store opens holds nothing; after that, a failure stops it (below).
        this.ownsThreads = handedIn == null;
        this.threads = handedIn != null ? handedIn : VaultThreads.pool("steadfast-vault-" + config.nodeId());
        Codec codec = Codec.forConfig(config);
        this.peers = config.clusterRoot() == null ? null : new PeerVaults(config, codec, faults, threads);
        Path home = config.disks().get(0);
        Files.createDirectories(home);
        this.lockChannel = FileChannel.open(home.resolve("vault-" + config.nodeId() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("vault at " + home + " for node " + config.nodeId() + " is already open in another process or engine");
        }
        this.lock = l;
        // From here on a failure must give back what was opened (the lock, segment and journal
        // files): otherwise the next attempt finds the vault "already open" until the JVM exits.
        RedundantStore opened = null;
        Journal journalOpened = null;
        try {
            opened = new RedundantStore(config.disks(), codec, faults, segmentLimit, threads);
            this.store = opened;
            int copies = Math.min(config.disks().size(), codec.shardCount() - codec.required() + 1);
            List<Path> journalDirs = new ArrayList<>();
            List<Path> liveJournalDirs = new ArrayList<>();
            for (SegmentLog d : store.disks()) {
                Path jd = d.root.resolve("journal").resolve(config.nodeId());
                journalDirs.add(jd);
                if (d.online() && liveJournalDirs.size() < copies) {
                    liveJournalDirs.add(jd);
                }
            }
            if (liveJournalDirs.isEmpty()) {
                throw new IOException("no disk of the vault is in service: " + store.health().offlineDisks());
            }
            this.journalCopies = copies;
            journalOpened = new Journal(journalDirs, liveJournalDirs, faults, tuning.journalForcesInFlight(), threads);
            this.journal = journalOpened;
            journal.onCopyLost((dir, reason) -> {
                for (SegmentLog d : store.disks()) {
                    if (dir.startsWith(d.root)) {
                        d.takeOffline(reason);
                    }
                }
            });
            this.generations = new AtomicLong(System.currentTimeMillis() * 1000);
            this.replay = journal.replay();
            recoverFromJournal();
            this.applier = new Applier(store, rotation.readLock(), tuning.maxPendingBytes(), config.nodeId());
            applier.start(threads);
        } catch (IOException | RuntimeException | Error e) {
            if (journalOpened != null) {
                journalOpened.close();
            }
            if (opened != null) {
                opened.close();
            }
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (ownsThreads) {
                VaultThreads.stop(threads, 5);
            }
            throw e;
        }
    }

    /** Opens (and after a crash, recovers) the vault described by {@code config}. */
    public static Vault open(VaultConfig config) throws IOException {
        return open(config, VaultTuning.DEFAULTS);
    }

    /** Opens (and after a crash, recovers) the vault described by {@code config}, tuned by {@code tuning}. */
    public static Vault open(VaultConfig config, VaultTuning tuning) throws IOException {
        validate(config);
        return new Vault(config, tuning, IoFaults.NONE, DEFAULT_JOURNAL_LIMIT, SegmentLog.SEGMENT_LIMIT, null);
    }

    /**
     * Opens (and after a crash, recovers) the vault described by {@code config}, tuned by
     * {@code tuning}, on {@code threads}: its applier and its parallel forces run there, and
     * whoever made {@code threads} stops them, after closing the engine (the resource adapter
     * does, when it stops). They must not be bounded ({@link VaultThreads}). {@link #open(VaultConfig,
     * VaultTuning)} makes a pool of the engine's own, which {@link #close()} stops.
     */
    public static Vault open(VaultConfig config, VaultTuning tuning, java.util.concurrent.ExecutorService threads) throws IOException {
        validate(config);
        return new Vault(config, tuning, IoFaults.NONE, DEFAULT_JOURNAL_LIMIT, SegmentLog.SEGMENT_LIMIT,
                java.util.Objects.requireNonNull(threads, "threads"));
    }

    /** Opens the vault with fault-injection hooks in front of its file operations (tests). */
    public static Vault open(VaultConfig config, IoFaults faults) throws IOException {
        return open(config, faults, DEFAULT_JOURNAL_LIMIT);
    }

    static Vault open(VaultConfig config, IoFaults faults, long journalLimit) throws IOException {
        return open(config, faults, journalLimit, SegmentLog.SEGMENT_LIMIT);
    }

    /** With smaller segments, so tests and benchmarks reach segment roll-over and compaction quickly. */
    static Vault open(VaultConfig config, IoFaults faults, long journalLimit, long segmentLimit) throws IOException {
        validate(config);
        return new Vault(config, VaultTuning.DEFAULTS, faults, journalLimit, segmentLimit, null);
    }

    /**
     * Checks that the layout can work on the disks it is given, without opening anything: the
     * number of disk directories must match the layout ({@code mirror} any, {@code parity} k+1,
     * {@code reed-solomon} k+m, {@code stripe} k), and {@code stripe} must be allowed.
     *
     * @throws IllegalArgumentException saying what does not match
     */
    public static void validate(VaultConfig config) {
        if (config.layout() == VaultConfig.Layout.STRIPE && !config.allowStripe()) {
            throw new IllegalArgumentException("the stripe layout has no redundancy; set allowStripe to use it anyway");
        }
        Codec.forConfig(config);
    }

    private void recoverFromJournal() throws IOException {
        Map<TxId, JournalCodec.Branch> prepared = new LinkedHashMap<>();
        Map<TxId, JournalCodec.Entry> preparedEntries = new HashMap<>();
        List<JournalCodec.Entry> unapplied = new ArrayList<>();
        for (JournalCodec.Entry e : replay.entries()) {
            switch (e.type()) {
                case JournalCodec.PREPARE -> {
                    JournalCodec.Branch b = JournalCodec.decodeBranch(e.payload());
                    prepared.put(b.tx(), b);
                    preparedEntries.put(b.tx(), e);
                    generations.accumulateAndGet(b.generation(), Math::max);
                }
                case JournalCodec.ONE_PHASE -> {
                    JournalCodec.Branch b = JournalCodec.decodeBranch(e.payload());
                    generations.accumulateAndGet(b.generation(), Math::max);
                    redo(b, List.of(e), unapplied);
                }
                case JournalCodec.COMMIT -> {
                    TxId tx = JournalCodec.decodeTx(e.payload());
                    JournalCodec.Branch b = prepared.remove(tx);
                    if (b != null) {
                        redo(b, List.of(preparedEntries.get(tx), e), unapplied);
                    }
                }
                case JournalCodec.ROLLBACK -> prepared.remove(JournalCodec.decodeTx(e.payload()));
                default -> throw new IOException("unknown journal record type " + e.type());
            }
        }
        List<JournalCodec.Entry> keep = new ArrayList<>(unapplied);
        for (JournalCodec.Branch jb : prepared.values()) {
            Branch b = new Branch(jb.tx());
            b.writes.putAll(jb.writes());
            b.generation = jb.generation();
            b.state = State.PREPARED;
            branches.put(b.tx, b);
            for (String key : jb.writes().keySet()) {
                keyOwners.put(key, b.tx);
            }
            JournalCodec.Entry entry = preparedEntries.get(jb.tx());
            live.put(b.tx, new ArrayList<>(List.of(entry)));
            keep.add(entry);
            recovered.incrementAndGet();
        }
        store.checkpoint();
        journal.rewrite(keep, !replay.damage().isEmpty() || replay.repairedFromCopy() > 0);
    }

    /** Redoes a committed branch; if too few disks are in service, its records stay in the journal. */
    private void redo(JournalCodec.Branch b, List<JournalCodec.Entry> records, List<JournalCodec.Entry> unapplied) {
        try {
            // The applier's write path: the same batch write, with its idempotence (a disk that
            // holds the generation already skips it) and its rule for how many disks must take it.
            List<RedundantStore.Op> ops = new ArrayList<>();
            Applier.addOps(ops, b.writes(), b.generation());
            store.applyBatch(ops);
        } catch (IOException | RuntimeException e) {
            unapplied.addAll(records);
            redoFailures.add("committed branch " + b.tx() + " could not be applied yet (" + e.getMessage()
                    + "); it stays in the journal and is applied at the next start with enough disks");
        }
    }

    public VaultConfig config() {
        return config;
    }

    /** The store, for tests that damage chunks on disk. */
    RedundantStore store() {
        return store;
    }

    /** What start-up found in the journal: copies repaired, a torn tail cut off, damage reported. */
    public List<String> journalFindings() {
        List<String> out = new ArrayList<>(replay.damage());
        out.addAll(redoFailures);
        if (replay.repairedFromCopy() > 0) {
            out.add(replay.repairedFromCopy() + " journal record(s) were damaged in one copy and repaired from another");
        }
        if (replay.tornTail()) {
            out.add("the journal ended in a torn append, which was discarded (it had not been acknowledged)");
        }
        return out;
    }

    /**
     * What start-up found about the disks' indexes: each index that was missing, unreadable or did
     * not match its segments, and was therefore rebuilt by scanning every segment of its disk.
     * The index is derived data, so this loses nothing; it only costs a longer start.
     */
    public List<String> indexFindings() {
        return store.findings();
    }

    /**
     * The journal copies that exist but could not be read at start-up, each with its path and why.
     * Their disks are out of service (the vault is DEGRADED) until a rebuild writes a fresh copy.
     */
    public List<String> journalCopiesSkipped() {
        return replay.skippedCopies();
    }

    /** Whether unrepairable journal damage was found at start-up; an operator must look. */
    public boolean journalDamaged() {
        return !replay.damage().isEmpty();
    }

    // ---------------------------------------------------------------- transactional writes

    /** Starts (or joins) the branch {@code xid}; a branch that writes nothing prepares read-only. */
    public void begin(Xid xid) {
        branches.computeIfAbsent(TxId.of(xid), Branch::new);
    }

    /** Stages a write in the branch {@code xid}, creating the branch on first use. */
    public void stage(Xid xid, String key, byte[] data) {
        stageInternal(xid, key, data.clone());
    }

    /** Stages the deletion of a committed object in the branch {@code xid}. */
    public void stageDelete(Xid xid, String key) {
        stageInternal(xid, key, null);
    }

    private void stageInternal(Xid xid, String key, byte[] data) {
        ObjectKeys.requireValid(key);
        VaultHealth health = store.health();
        if (health.status() == VaultHealth.Status.DOWN) {
            throw new VaultException(Reason.UNAVAILABLE, "the vault is down, too few disks are in service: " + health.offlineDisks());
        }
        TxId tx = TxId.of(xid);
        Branch b = branches.computeIfAbsent(tx, Branch::new);
        if (b.state != State.ACTIVE) {
            throw new VaultException(Reason.TRANSACTION, "branch " + tx + " is already prepared; no more writes");
        }
        TxId owner = keyOwners.putIfAbsent(key, tx);
        if (owner != null && !owner.equals(tx)) {
            throw new VaultException(Reason.CONFLICT, "object " + key + " is being written by another transaction");
        }
        // This node's vault only: a node writes and deletes its own objects, and keys are unique
        // across the cluster by construction (a payment's id), so staging never reads the peers.
        boolean exists = existsHere(key);
        if (data != null && exists) {
            if (owner == null) {
                keyOwners.remove(key, tx);
            }
            throw new VaultException(Reason.KEY_EXISTS, "object " + key + " already exists; objects are write-once");
        }
        if (data == null && !exists) {
            if (owner == null) {
                keyOwners.remove(key, tx);
            }
            throw new VaultException(Reason.TRANSACTION, "object " + key + " does not exist");
        }
        synchronized (b) {
            b.writes.put(key, data);
        }
    }

    /** Votes on the branch: forces its PREPARE record, or answers read-only when it wrote nothing. */
    public int prepare(Xid xid) throws XAException {
        Branch b = branch(xid);
        synchronized (b) {
            if (b.state != State.ACTIVE) {
                return XAResource.XA_OK;
            }
            if (b.writes.isEmpty()) {
                branches.remove(b.tx);
                readOnly.incrementAndGet();
                return XAResource.XA_RDONLY;
            }
            b.generation = generations.incrementAndGet();
            JournalCodec.Entry entry = new JournalCodec.Entry(JournalCodec.PREPARE, JournalCodec.encodeBranch(b.tx, b.generation, b.writes));
            rotation.readLock().lock();
            try {
                journal.append(entry.type(), entry.payload());
                live.put(b.tx, new ArrayList<>(List.of(entry)));
            } catch (IOException | RuntimeException e) {
                release(b);
                throw xa(XAException.XA_RBROLLBACK, "prepare of " + b.tx + " could not be forced, voting rollback: " + e.getMessage(), e);
            } finally {
                rotation.readLock().unlock();
            }
            b.state = State.PREPARED;
            prepares.incrementAndGet();
            return XAResource.XA_OK;
        }
    }

    public void commit(Xid xid, boolean onePhase) throws XAException {
        Branch b = branch(xid);
        synchronized (b) {
            if (onePhase && b.state == State.ACTIVE) {
                commitOnePhase(b);
            } else if (b.state == State.ACTIVE) {
                throw xa(XAException.XAER_PROTO, "commit of " + b.tx + " without prepare", null);
            } else {
                commitPrepared(b);
            }
        }
        awaitVisibleToPeers(b);
        rotateIfNeeded();
    }

    /**
     * In a cluster's vault, a commit returns once the applier has written its chunks to the
     * segment files, where the other nodes read them (they cannot see this node's memory). The
     * commit is durable before that (the journal); a failing applier delays only the visibility,
     * up to {@link VaultTuning#visibleWaitMillis()}, after which the commit returns anyway.
     */
    private void awaitVisibleToPeers(Branch b) {
        if (peers == null || b.writes.isEmpty()) {
            return;
        }
        applier.awaitWritten(b.tx, b.writes.keySet(), tuning.visibleWaitMillis());
    }

    private void commitOnePhase(Branch b) throws XAException {
        if (b.writes.isEmpty()) {
            branches.remove(b.tx);
            onePhaseCommits.incrementAndGet();
            return;
        }
        b.generation = generations.incrementAndGet();
        JournalCodec.Entry entry = new JournalCodec.Entry(JournalCodec.ONE_PHASE, JournalCodec.encodeBranch(b.tx, b.generation, b.writes));
        rotation.readLock().lock();
        try {
            try {
                journal.append(entry.type(), entry.payload());
            } catch (IOException | RuntimeException e) {
                release(b);
                throw xa(XAException.XA_RBROLLBACK, "one-phase commit of " + b.tx + " could not be forced, rolled back: " + e.getMessage(), e);
            }
            live.put(b.tx, new ArrayList<>(List.of(entry)));
            b.state = State.COMMITTING;
            applyCommitted(b);
        } finally {
            rotation.readLock().unlock();
        }
        onePhaseCommits.incrementAndGet();
        applier.awaitBacklog();
    }

    private void commitPrepared(Branch b) throws XAException {
        rotation.readLock().lock();
        try {
            if (b.state == State.PREPARED) {
                JournalCodec.Entry entry = new JournalCodec.Entry(JournalCodec.COMMIT, JournalCodec.encodeTx(b.tx));
                try {
                    journal.append(entry.type(), entry.payload());
                } catch (IOException | RuntimeException e) {
                    throw xa(XAException.XAER_RMFAIL, "commit of " + b.tx + " could not be forced yet: " + e.getMessage(), e);
                }
                live.computeIfAbsent(b.tx, t -> new ArrayList<>()).add(entry);
                b.state = State.COMMITTING;
            }
            applyCommitted(b);
        } finally {
            rotation.readLock().unlock();
        }
        twoPhaseCommits.incrementAndGet();
        applier.awaitBacklog();
    }

    /**
     * Hands a branch whose commit is durable to the applier. From here on reads see its writes
     * (from memory until the applier has written the chunks), and its keys are free again.
     */
    private void applyCommitted(Branch b) {
        applier.hand(b.tx, b.writes, b.generation);
        release(b);
    }

    /** Told when the applier starts failing and when it writes again; the resource adapter logs both. */
    public interface ApplierListener {

        /**
         * @param problem why committed objects cannot be written to the disks now, or null when the
         *                applier has caught up with the writes it retried
         */
        void changed(String problem);
    }

    /**
     * Registers the one listener told of the applier's failures and recoveries. A failure that is
     * already going on is told at once.
     */
    public void onApplierChange(ApplierListener listener) {
        applier.onChange(listener);
    }

    /** Why the applier is stuck, if it is (too few disks in service, a failing disk); null when it keeps up. */
    public String applierProblem() {
        return applier.problem();
    }

    public void rollback(Xid xid) throws XAException {
        Branch b = branch(xid);
        synchronized (b) {
            if (b.state == State.COMMITTING) {
                throw xa(XAException.XAER_PROTO, "branch " + b.tx + " is already committing", null);
            }
            if (b.state == State.PREPARED) {
                rotation.readLock().lock();
                try {
                    journal.append(JournalCodec.ROLLBACK, JournalCodec.encodeTx(b.tx));
                    live.remove(b.tx);
                } catch (IOException e) {
                    throw xa(XAException.XAER_RMFAIL, "rollback of " + b.tx + " could not be recorded yet: " + e.getMessage(), e);
                } finally {
                    rotation.readLock().unlock();
                }
            }
            release(b);
            rollbacks.incrementAndGet();
        }
    }

    /**
     * The prepared branches that are still waiting for an outcome, including those whose commit
     * is durable but could not be applied yet (a repeated commit finishes them).
     */
    public Xid[] recover() {
        return branches.values().stream().filter(b -> b.state != State.ACTIVE).map(b -> b.tx).toArray(Xid[]::new);
    }

    /** Writes one object in a transaction of its own (one forced journal record). */
    public void put(String key, byte[] data) {
        autocommit(tx -> stage(tx, key, data), key);
    }

    /** Deletes one object in a transaction of its own. */
    public void delete(String key) {
        autocommit(tx -> stageDelete(tx, key), key);
    }

    private void autocommit(java.util.function.Consumer<TxId> work, String key) {
        TxId tx = new TxId(0x53460001, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), new byte[] {1});
        try {
            work.accept(tx);
            commit(tx, true);
        } catch (XAException e) {
            throw new VaultException(Reason.IO, "could not store " + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Branch b = branches.get(tx);
            if (b != null) {
                release(b);
            }
            throw e;
        }
    }

    /**
     * Rotates the journal past its limit. The chunks applied so far are forced first while
     * commits go on (one committer does it; the others carry on), so that the checkpoint, which
     * holds every commit back, forces only what was applied in the meantime: measured with 16
     * writers, forcing everything under the lock held commits back for most of a second at each
     * rotation (see PERFORMANCE.md).
     */
    private void rotateIfNeeded() {
        if (journal.size() < journalLimit || !rotating.compareAndSet(false, true)) {
            return;
        }
        try {
            try {
                store.checkpoint();
            } catch (IOException e) {
                // The checkpoint under the lock forces these segments again and reports its failure.
            }
            rotation.writeLock().lock();
            try {
                if (journal.size() >= journalLimit) {
                    forceAndRotate();
                }
            } finally {
                rotation.writeLock().unlock();
            }
        } finally {
            rotating.set(false);
        }
    }

    /**
     * Waits until the applier has written every committed branch to the store, then forces the
     * chunks and rewrites the journal with only the records still needed (in-doubt branches).
     */
    public void checkpoint() {
        awaitApplied();
        forceAndRotate();
    }

    /** Blocks until every committed write is in the store (or the applier is stuck, see {@link #applierProblem}). */
    public void awaitApplied() {
        applier.awaitApplied();
    }

    private void forceAndRotate() {
        forceAndRotate(null);
    }

    /** Checkpoint, then the journal rewritten with the live records (on {@code journalDirs} from now on, when not null). */
    private void forceAndRotate(List<Path> journalDirs) {
        long start = System.nanoTime();
        rotation.writeLock().lock();
        try {
            List<TxId> applied = applier.appliedSinceCheckpoint();
            store.checkpoint();
            applied.forEach(live::remove);
            applier.checkpointed(applied);
            List<JournalCodec.Entry> keep = new ArrayList<>();
            live.values().forEach(keep::addAll);
            journal.rewrite(keep, false, journalDirs);
        } catch (IOException e) {
            throw new VaultException(Reason.IO, "checkpoint failed: " + e.getMessage(), e);
        } finally {
            checkpoints.incrementAndGet();
            checkpointNanos.addAndGet(System.nanoTime() - start);
            rotation.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- reads and maintenance

    public Optional<byte[]> get(String key) {
        ObjectKeys.requireValid(key);
        Applier.Pending p = applier.pending(key);
        if (p != null) {
            return p.data() == null ? Optional.empty() : Optional.of(p.data().clone());
        }
        Optional<byte[]> own = store.read(key);
        return own.isPresent() || peers == null ? own : peers.read(key);
    }

    /** Whether the object exists, in this node's vault or (a cluster's vault) in another node's. */
    public boolean exists(String key) {
        return existsHere(key) || (peers != null && peers.exists(key));
    }

    private boolean existsHere(String key) {
        ObjectKeys.requireValid(key);
        Applier.Pending p = applier.pending(key);
        if (p != null) {
            return p.data() != null;
        }
        return store.exists(key);
    }

    public List<String> list(String prefix) {
        String pre = prefix == null ? "" : prefix;
        // Memory first, then the disks: a write the applier moves in between is then seen in one of them.
        Map<String, Applier.Pending> inMemory = applier.pendingNow();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(store.list(pre));
        for (Map.Entry<String, Applier.Pending> e : inMemory.entrySet()) {
            if (e.getKey().startsWith(pre)) {
                if (e.getValue().data() == null) {
                    keys.remove(e.getKey());
                } else {
                    keys.add(e.getKey());
                }
            }
        }
        return List.copyOf(keys);
    }

    /**
     * UP only with every disk and every journal copy in service and the applier keeping up (a
     * failing applier is DEGRADED, a stopped one DOWN, named in {@code problems}). Checks (one
     * {@code stat} each) that no disk directory and no journal copy vanished under the running vault.
     */
    public VaultHealth health() {
        journal.checkCopies();
        store.checkDisks();
        VaultHealth disks = store.health();
        String problem = applier.problem();
        if (problem == null) {
            return disks;
        }
        if (applier.stopped()) {
            return new VaultHealth(VaultHealth.Status.DOWN, disks.offlineDisks(), List.of("the applier has stopped (" + problem
                    + "): committed objects are no longer written to the disks; they are in the journal, and a restart of the "
                    + "server writes them"));
        }
        VaultHealth.Status status = disks.status() == VaultHealth.Status.UP ? VaultHealth.Status.DEGRADED : disks.status();
        return new VaultHealth(status, disks.offlineDisks(), List.of("the applier cannot write committed objects to the disks ("
                + problem + "); it retries, and meanwhile serves them from memory and keeps them in the journal"));
    }

    /**
     * Verifies every chunk and repairs what it can; see {@link RedundantStore#scrub}. The objects it
     * checks are the ones a rebuild checks: every object committed before it started.
     */
    public ScrubReport scrub(long bytesPerSecond, BiConsumer<Long, Long> progress) {
        try {
            ScrubReport r = verify(bytesPerSecond, progress);
            // Maintenance runs together: a scrub has just repaired what it could, so the segments
            // compaction copies from hold as many good chunks as they will.
            store.compact(COMPACT_BELOW);
            return r;
        } catch (IOException e) {
            throw new VaultException(Reason.IO, "scrub failed: " + e.getMessage(), e);
        }
    }

    /** Segments whose referenced bytes are at most this share of their size are compacted. */
    static final double COMPACT_BELOW = 0.5;

    /** What {@link #compact()} did. */
    public record CompactionReport(int segmentsDeleted, long bytesReclaimed, long chunksMoved) {
    }

    /**
     * Reclaims the space of segments that are at least half superseded or deleted: their live
     * chunks are copied to the active segment, forced and indexed before the old segment is
     * deleted, so a crash at any point loses nothing. A scrub runs it too. A disk that fails an
     * I/O operation during compaction is taken out of service, as after any failed write.
     */
    public CompactionReport compact() {
        RedundantStore.Compaction c = store.compact(COMPACT_BELOW);
        return new CompactionReport(c.segments(), c.bytesReclaimed(), c.chunksMoved());
    }

    /**
     * Puts a replaced disk back in service and restores full redundancy onto it: its chunks (the
     * same pass as a scrub, so both report the same objects) and, when it is one of the journal's
     * disks, a fresh journal copy holding every record still needed.
     */
    public ScrubReport rebuild(int disk, BiConsumer<Long, Long> progress) {
        try {
            store.bringBack(disk);
            ScrubReport r = verify(0, progress);
            // Checkpoint, and rewrite the journal on the first disks in service, the rebuilt one included.
            List<Path> dirs = new ArrayList<>();
            for (SegmentLog d : store.disks()) {
                if (d.online() && dirs.size() < journalCopies) {
                    dirs.add(d.root.resolve("journal").resolve(config.nodeId()));
                }
            }
            forceAndRotate(dirs);
            return r;
        } catch (IOException e) {
            throw new VaultException(Reason.IO, "rebuild of disk " + disk + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The one pass behind scrub and rebuild. It first lets the applier finish every batch that was
     * in flight when the pass started (a batch that began while a disk was out of service did not
     * write to it, and would be missed), then verifies every object on the disks; only objects
     * committed after the pass started are skipped, the applier writes them to every disk in service.
     */
    private ScrubReport verify(long bytesPerSecond, BiConsumer<Long, Long> progress) throws IOException {
        applier.awaitInFlight();
        ScrubReport r = Scrubber.scrub(store, bytesPerSecond, progress, key -> applier.pending(key) != null);
        store.checkpoint();
        return r;
    }

    public VaultStatistics stats() {
        return new VaultStatistics(prepares.get(), twoPhaseCommits.get(), onePhaseCommits.get(), rollbacks.get(),
                readOnly.get(), recovered.get(), store.repairs(), journal.forces(), journal.batches(),
                checkpoints.get(), checkpointNanos.get() / 1_000_000);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        applier.stop(60);
        try {
            try {
                // A clean close leaves only the records still needed (in-doubt branches).
                forceAndRotate();
            } finally {
                journal.close();
                store.close();
                if (peers != null) {
                    peers.close();
                }
            }
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } finally {
                if (ownsThreads) {
                    VaultThreads.stop(threads, 30);
                }
            }
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
