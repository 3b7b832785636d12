package io.steadfast.vault.engine;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the vault engine's threads come from: one executor handed to an engine when it opens,
 * which runs its applier and the forces it makes on several disks at once (journal copies,
 * segment checkpoints). It must not bound its threads: the applier holds one for the engine's
 * life, and a commit waits for forces queued on the same executor ({@link #pool} makes such a
 * one; a task it refuses is run on the caller's thread, {@link #submitOrRun}). Whoever makes the executor stops it: the resource adapter when it stops,
 * or the engine itself when it made its own ({@link Vault#open(VaultConfig, VaultTuning)}). There
 * are no static pools, so nothing of the vault's outlives its adapter.
 */
public final class VaultThreads {

    private VaultThreads() {
    }

    /**
     * A pool that makes threads as they are needed and lets idle ones go after a minute: an
     * engine needs one for its applier and one per disk beyond the first while it forces. Its
     * threads are daemons named {@code name-1}, {@code name-2}, ...
     */
    public static ExecutorService pool(String name) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stops a pool: no new task, then up to {@code seconds} for the running ones (an applier
     * finishing its batch), then an interrupt to what is left.
     *
     * @return whether every thread had ended
     */
    public static boolean stop(ExecutorService pool, long seconds) {
        pool.shutdown();
        try {
            if (pool.awaitTermination(seconds, TimeUnit.SECONDS)) {
                return true;
            }
            pool.shutdownNow();
            return pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Submits {@code task} to {@code threads}, or runs it here when they refuse it (stopped, or
     * full): a force or a disk's write that cannot go alongside the others goes after them, and
     * no caller is left waiting on a task that was never queued.
     */
    static <T> java.util.concurrent.Future<T> submitOrRun(ExecutorService threads, java.util.concurrent.Callable<T> task) {
        try {
            return threads.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException refused) {
            java.util.concurrent.FutureTask<T> here = new java.util.concurrent.FutureTask<>(task);
            here.run();
            return here;
        }
    }

    /**
     * Runs every task on the thread that hands it in, one after the other: for a journal or a
     * store built on its own (tests), whose forces on several disks then take turns.
     */
    static final ExecutorService CALLER_RUNS = new AbstractExecutorService() {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    };
}
