package io.steadfast.vault.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * The vault's applier: what happens to a branch after its commit is durable in the journal. It
 * keeps the branch's writes in memory, where reads find them ({@link #pending}), queues the branch,
 * and writes queued branches to the store in batches, in commit order, on one thread of the
 * engine's. While more than {@code maxPendingBytes} wait, commits are held back
 * ({@link #awaitBacklog}), so memory stays bounded. A batch that fails (too few disks, a failing
 * disk) is retried every 200 ms; its writes stay readable from memory and its records stay in the
 * journal. The failure is told to a listener once, as is the recovery, and shows in the vault's
 * health.
 */
final class Applier {

    /** A committed write that the applier has not written to the store yet; reads are served from it. */
    record Pending(TxId tx, byte[] data, long generation) {
    }

    /** A committed branch waiting for the applier. */
    private record Committed(TxId tx, Map<String, byte[]> writes, long generation, long bytes) {
    }

    /** Queued by {@link #stop} so the loop notices at once that it should finish. */
    private static final Committed WAKE_UP = new Committed(null, Map.of(), 0, 0);

    /** Map.copyOf refuses null values; deletes are kept as a shared empty marker instead. */
    private static final byte[] DELETE = new byte[0];

    private final RedundantStore store;
    /** Held while a batch is written, so that a checkpoint (which takes it exclusively) sees whole batches. */
    private final Lock batchLock;
    private final long maxPendingBytes;
    private final String threadName;

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Committed> toApply = new LinkedBlockingQueue<>();
    private final Set<TxId> appliedSinceCheckpoint = ConcurrentHashMap.newKeySet();
    private final AtomicLong pendingBytes = new AtomicLong();
    /** Notified after every batch; waiters for the applier wait on it. */
    private final Object drained = new Object();
    private volatile boolean running = true;
    /** Why the applier cannot write committed objects to the disks (it retries), or null while it can. */
    private volatile String problem;
    /** Set when the loop ended while the vault was open: nothing is written to the disks any more. */
    private volatile boolean stopped;
    private volatile Vault.ApplierListener listener = p -> { };
    /** Completed when the loop has ended. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    Applier(RedundantStore store, Lock batchLock, long maxPendingBytes, String nodeId) {
        this.store = store;
        this.batchLock = batchLock;
        this.maxPendingBytes = maxPendingBytes;
        this.threadName = "steadfast-vault-applier-" + nodeId;
    }

    /** Starts the loop on one of {@code threads}. */
    void start(Executor threads) {
        threads.execute(this::loop);
    }

    // ---------------------------------------------------------------- handing over

    /**
     * Takes a branch whose commit is durable: from here on reads see its writes (from memory
     * until they are written to the store). A delete is a {@code null} value.
     */
    void hand(TxId tx, Map<String, byte[]> writes, long generation) {
        long bytes = 0;
        Map<String, byte[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            pending.put(w.getKey(), new Pending(tx, w.getValue(), generation));
            bytes += w.getValue() == null ? 0 : w.getValue().length;
            copy.put(w.getKey(), w.getValue() == null ? DELETE : w.getValue());
        }
        pendingBytes.addAndGet(bytes);
        toApply.add(new Committed(tx, Map.copyOf(copy), generation, bytes));
    }

    /** Holds a commit back while the applier is far behind, so memory stays bounded. */
    void awaitBacklog() {
        if (pendingBytes.get() <= maxPendingBytes) {
            return; // the usual case, without taking the monitor every commit contends for
        }
        synchronized (drained) {
            while (pendingBytes.get() > maxPendingBytes && running) {
                if (!waitForBatch(100)) {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- what reads see

    /** The write to {@code key} waiting for the applier, or null. */
    Pending pending(String key) {
        return pending.get(key);
    }

    /** Every write waiting for the applier, now. */
    Map<String, Pending> pendingNow() {
        return new HashMap<>(pending);
    }

    /** Whether some write of {@code tx} to one of {@code keys} still waits for the applier. */
    private boolean waiting(TxId tx, Iterable<String> keys) {
        for (String key : keys) {
            Pending p = pending.get(key);
            if (p != null && p.tx().equals(tx)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- waiting for it

    /**
     * Waits until the writes of {@code tx} to {@code keys} are in the store, or {@code timeoutMillis}
     * has passed, or the applier stops.
     */
    void awaitWritten(TxId tx, Iterable<String> keys, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (drained) {
            while (running && waiting(tx, keys)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !waitForBatch(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))) {
                    return;
                }
            }
        }
    }

    /** Blocks until every committed write is in the store (or the applier is stuck, see {@link #problem}). */
    void awaitApplied() {
        synchronized (drained) {
            while ((!toApply.isEmpty() || pendingBytes.get() > 0 || !pending.isEmpty()) && alive() && problem == null) {
                if (!waitForBatch(50)) {
                    return;
                }
            }
        }
    }

    /** Waits until the applier has written every commit that is waiting for it now (or is stuck, see {@link #problem}). */
    void awaitInFlight() {
        Map<String, Pending> now = pendingNow();
        synchronized (drained) {
            while (alive() && problem == null && now.entrySet().stream().anyMatch(e -> pending.get(e.getKey()) == e.getValue())) {
                if (!waitForBatch(50)) {
                    return;
                }
            }
        }
    }

    /** Waits on {@link #drained} (held by the caller); false when interrupted (the interrupt is kept). */
    private boolean waitForBatch(long millis) {
        try {
            drained.wait(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /** The branches written to the store since they were last {@linkplain #checkpointed checkpointed}. */
    List<TxId> appliedSinceCheckpoint() {
        return new ArrayList<>(appliedSinceCheckpoint);
    }

    /** Forgets {@code applied}: a checkpoint forced their chunks, so their journal records may go. */
    void checkpointed(List<TxId> applied) {
        applied.forEach(appliedSinceCheckpoint::remove);
    }

    // ---------------------------------------------------------------- its state

    /** Registers the one listener told of failures and recoveries; a failure going on is told at once. */
    void onChange(Vault.ApplierListener l) {
        this.listener = l;
        String now = problem;
        if (now != null) {
            l.changed(now);
        }
    }

    /** Why the applier is stuck, if it is (too few disks in service, a failing disk); null when it keeps up. */
    String problem() {
        return problem;
    }

    /** Whether the loop ended while the vault was open. */
    boolean stopped() {
        return stopped;
    }

    private boolean alive() {
        return !ended.isDone();
    }

    /**
     * Ends the loop once it has written what is queued, waiting up to {@code seconds}. What it
     * did not write is still in the journal, redone at the next open.
     */
    void stop(long seconds) {
        running = false;
        toApply.add(WAKE_UP);
        try {
            ended.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Closed anyway: the journal holds what was not written.
        }
    }

    // ---------------------------------------------------------------- the loop

    private void loop() {
        Thread me = Thread.currentThread();
        String poolName = me.getName();
        me.setName(threadName);
        Throwable failure = null;
        try {
            applyBatches();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (running) {
                stopped = true;
                failed("the applier thread ended" + (failure == null ? "" : " with " + describe(failure)));
            }
            me.setName(poolName);
            ended.complete(null);
        }
    }

    private void applyBatches() {
        List<Committed> batch = new ArrayList<>();
        while (running || !toApply.isEmpty()) {
            try {
                Committed first = toApply.poll(100, TimeUnit.MILLISECONDS);
                if (first == null || first == WAKE_UP) {
                    continue;
                }
                batch.add(first);
                toApply.drainTo(batch, 255);
                batch.remove(WAKE_UP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            while (!batch.isEmpty()) {
                batchLock.lock();
                try {
                    List<RedundantStore.Op> ops = new ArrayList<>();
                    for (Committed c : batch) {
                        addOps(ops, c.writes(), c.generation());
                    }
                    store.applyBatch(ops);
                    for (Committed c : batch) {
                        appliedSinceCheckpoint.add(c.tx());
                        for (String key : c.writes().keySet()) {
                            Pending p = pending.get(key);
                            if (p != null && p.tx().equals(c.tx())) {
                                pending.remove(key, p);
                            }
                        }
                        pendingBytes.addAndGet(-c.bytes());
                    }
                    batch.clear();
                    if (problem != null) {
                        problem = null;
                        listener.changed(null);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    failed(describe(e));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                    if (!running) {
                        return; // stop() gives up; the journal still holds these branches for the next start
                    }
                } finally {
                    batchLock.unlock();
                }
            }
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** Records why the applier fails; the listener hears of it when it starts failing, not at every retry. */
    private void failed(String why) {
        boolean started = problem == null;
        problem = why;
        if (started) {
            listener.changed(why);
        }
    }

    /** Class and message; a wrapper that only repeats its cause (an executor's) is left out. */
    private static String describe(Throwable t) {
        Throwable shown = t;
        while (shown.getCause() != null && (shown.getMessage() == null || shown.getMessage().equals(shown.getCause().toString()))) {
            shown = shown.getCause();
        }
        return shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }

    /**
     * A branch's writes as store operations, in order; a delete ({@code null} in the journal,
     * {@link #DELETE} in memory) has no data. The applier's batches and the redo of committed
     * branches at start-up both write through this and {@link RedundantStore#applyBatch}.
     */
    static void addOps(List<RedundantStore.Op> ops, Map<String, byte[]> writes, long generation) {
        writes.forEach((key, data) -> ops.add(new RedundantStore.Op(key, data == DELETE ? null : data, generation)));
    }
}
