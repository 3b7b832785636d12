package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The write-ahead journal of one node: an append-only log, mirrored on several disks, of
 * CRC32C-protected records (their bytes are {@link JournalCodec}'s business).
 *
 * <p>Appends are <b>group-committed</b>: concurrent appenders queue their records, one of them
 * writes the whole batch to every copy and forces each copy once, and all of them return when the
 * batch is durable. Batches are pipelined: the next batch is written while earlier ones force
 * (see {@link #append}). A failed write or force on the last copy in service fails every record
 * of the batch and of the batches behind it, and cuts the copies back, so a prepare that could
 * not be forced never reports success and is never replayed.
 *
 * <p>On start-up every copy is read. A record that fails its CRC in one copy is taken from
 * another copy at the same offset. A damaged tail with nothing valid after it is a torn append and
 * is cut off. Damage in the middle that no copy can repair is reported, never silently dropped,
 * and the damaged copy is kept aside.
 */
final class Journal implements AutoCloseable {

    static final String FILE = "journal.log";

    /**
     * What start-up found in the journal.
     *
     * @param skippedCopies the copies that exist but could not be read, each with its path and
     *                      why; their disks were taken out of service (as for a lost copy)
     */
    record Replay(List<JournalCodec.Entry> entries, int repairedFromCopy, boolean tornTail, List<String> damage, List<String> skippedCopies) {
    }

    /** A record waiting to be written and forced, and the thread waiting for it. */
    private static final class Pending {
        final byte type;
        final byte[] payload;
        final Thread waiter = Thread.currentThread();
        volatile boolean done;
        /** A batch this waiter is asked to write and force (it holds the waiter's own record). */
        volatile Batch assigned;
        IOException error;

        Pending(byte type, byte[] payload) {
            this.type = type;
            this.payload = payload;
        }
    }

    /** Records written together: one write and one force per journal copy. */
    private static final class Batch {
        final List<Pending> members;
        long start;
        long end;
        /** Set once its forces ended (successfully or not). */
        boolean finished;
        IOException error;

        Batch(List<Pending> members) {
            this.members = members;
        }
    }

    /**
     * How many batches may be forcing at once ({@link VaultTuning#journalForcesInFlight()}).
     * Concurrent forces overlap on this disk (one thread forces 2,800 times a second, sixteen
     * threads forcing one file 24,000 times), but each force costs CPU, and more batches in flight
     * means smaller batches.
     */
    private final int forcesInFlight;

    /** Above this size the batch buffer is not kept for the next batch. */
    private static final int KEPT_BUFFER = 1 << 20;

    /**
     * One copy of the log on one disk. {@code open} is null while the copy is out of service: its
     * write or force failed, or its file vanished (the disk directory was moved or deleted under
     * the running vault). The next {@link #rewrite} (a checkpoint, or the rebuild of its disk)
     * writes it afresh.
     */
    private static final class Copy {
        final Path dir;
        final Path file;
        volatile Open open;

        Copy(Path dir) {
            this.dir = dir;
            this.file = dir.resolve(FILE);
        }
    }

    /** An open copy: its channel, and the file's identity (device and inode) when it was opened. */
    private record Open(FileChannel channel, Object fileKey) {
    }

    /** Told when a copy goes out of service, with its directory and why; the vault takes that disk out of service. */
    interface CopyLost {
        void lost(Path dir, String reason);
    }

    private final List<Path> readDirs;
    private volatile List<Copy> copies;
    private final IoFaults faults;
    private volatile CopyLost onCopyLost = (dir, reason) -> { };
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when no batch is being written or forced. */
    private final Condition idle = lock.newCondition();
    /** Records not yet in a batch. */
    private List<Pending> queue = new ArrayList<>();
    /** Whether a batch is being written (batches are written one after the other, in order). */
    private boolean writing;
    /** Batches written and not yet acknowledged, in the order they were written. */
    private final java.util.ArrayDeque<Batch> unacknowledged = new java.util.ArrayDeque<>();
    /** Batches written whose forces have not ended. */
    private int forcing;
    /**
     * Where a batch that no copy could make durable began, or -1. Every batch from there on
     * fails, and once none is in flight the copies are cut back to it.
     */
    private long failedFrom = -1;
    /** The batch buffer, used by the one thread writing a batch. */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
    private final CRC32C crc = new CRC32C();
    /** Bytes in the log, counting batches written and not yet durable; written with the lock held. */
    private volatile long size;
    private final java.util.concurrent.atomic.AtomicLong forces = new java.util.concurrent.atomic.AtomicLong();
    /** Batches acknowledged; written with the lock held. */
    private volatile long batches;

    /**
     * @param readDirs  every place a copy may be (one per disk); start-up reads all that exist
     * @param writeDirs where the copies are kept from now on (disks in service)
     */
    Journal(List<Path> readDirs, List<Path> writeDirs, IoFaults faults) {
        this(readDirs, writeDirs, faults, VaultTuning.DEFAULTS.journalForcesInFlight());
    }

    /** @param forcesInFlight how many batches may be forcing at once, at least 1 */
    Journal(List<Path> readDirs, List<Path> writeDirs, IoFaults faults, int forcesInFlight) {
        this(readDirs, writeDirs, faults, forcesInFlight, VaultThreads.CALLER_RUNS);
    }

    /** @param forcers where the second and further copies are forced alongside the first (the engine's threads) */
    Journal(List<Path> readDirs, List<Path> writeDirs, IoFaults faults, int forcesInFlight, java.util.concurrent.ExecutorService forcers) {
        this.forcers = java.util.Objects.requireNonNull(forcers, "forcers");
        if (forcesInFlight < 1) {
            throw new IllegalArgumentException("forces in flight must be at least 1, not " + forcesInFlight);
        }
        this.readDirs = List.copyOf(readDirs);
        this.copies = writeDirs.stream().map(Copy::new).toList();
        this.faults = faults;
        this.forcesInFlight = forcesInFlight;
    }

    void onCopyLost(CopyLost listener) {
        this.onCopyLost = listener;
    }

    /** Where the copies are kept. */
    List<Path> dirs() {
        return copies.stream().map(c -> c.dir).toList();
    }

    /**
     * Takes every copy whose file is gone or is no longer the file that was opened (its directory
     * was moved or deleted) out of service; one {@code stat} per copy. Appends would otherwise go on
     * writing and forcing a deleted file, which no restart will ever read.
     */
    void checkCopies() {
        for (Copy c : copies) {
            Open o = c.open;
            if (o != null) {
                String vanished = vanished(c.file, o);
                if (vanished != null) {
                    lose(c, o, vanished);
                }
            }
        }
    }

    /** Why the copy's file is not the one being written, or null when it is. */
    private static String vanished(Path file, Open o) {
        try {
            Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (key != null && o.fileKey() != null && !key.equals(o.fileKey())) {
                return "journal copy " + file + " was replaced behind the vault's back";
            }
            return null;
        } catch (IOException e) {
            return "journal copy " + file + " vanished";
        }
    }

    /** Takes the copy out of service if it is still open as {@code o}, and says so. */
    private void lose(Copy c, Open o, String reason) {
        synchronized (c) {
            if (c.open != o) {
                return;
            }
            c.open = null;
        }
        try {
            o.channel().close();
        } catch (IOException ignored) {
            // out of service anyway
        }
        onCopyLost.lost(c.dir, reason);
    }

    long forces() {
        return forces.get();
    }

    long batches() {
        return batches;
    }

    long size() {
        return size;
    }

    // ---------------------------------------------------------------- start-up

    /**
     * Reads every copy, reconciles them, and returns the valid records in order. A copy that
     * exists but cannot be read is left out, named in {@link Replay#skippedCopies()}, and reported
     * as lost, which takes its disk out of service: the others decide. When no copy can be read
     * but some exist, nothing is decided and the journal is not opened (its records would be lost
     * when it is rewritten).
     *
     * @throws IOException when every existing copy is unreadable
     */
    Replay replay() throws IOException {
        List<byte[]> copies = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path dir : readDirs) {
            Path f = dir.resolve(FILE);
            if (Files.isRegularFile(f)) {
                try {
                    faults.beforeRead(f);
                    copies.add(Files.readAllBytes(f));
                } catch (IOException e) {
                    String why = "journal copy " + f + " could not be read at start-up (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + ") and was skipped";
                    skipped.add(why);
                    onCopyLost.lost(dir, why);
                }
            }
        }
        if (copies.isEmpty() && !skipped.isEmpty()) {
            throw new IOException("no copy of the vault journal could be read: " + String.join("; ", skipped)
                    + ". The vault is not opened, so that the records only those copies hold are not overwritten");
        }
        int longest = 0;
        for (int i = 1; i < copies.size(); i++) {
            if (copies.get(i).length > copies.get(longest).length) {
                longest = i;
            }
        }
        byte[] primary = copies.isEmpty() ? new byte[0] : copies.get(longest);
        List<JournalCodec.Entry> entries = new ArrayList<>();
        List<String> damage = new ArrayList<>();
        int repaired = 0;
        boolean torn = false;
        int pos = 0;
        while (pos < primary.length) {
            JournalCodec.Entry e = JournalCodec.parseAt(primary, pos);
            int length = e == null ? -1 : JournalCodec.OVERHEAD + e.payload().length;
            if (e == null) {
                for (byte[] other : copies) {
                    if (other != primary) {
                        JournalCodec.Entry alt = JournalCodec.parseAt(other, pos);
                        if (alt != null) {
                            e = alt;
                            length = JournalCodec.OVERHEAD + alt.payload().length;
                            repaired++;
                            break;
                        }
                    }
                }
            }
            if (e != null) {
                entries.add(e);
                pos += length;
                continue;
            }
            int next = nextValid(copies, pos + 1);
            if (next < 0) {
                torn = true;
                break;
            }
            damage.add("journal bytes " + pos + ".." + next + " are damaged in every copy and were skipped");
            pos = next;
        }
        return new Replay(entries, repaired, torn, damage, List.copyOf(skipped));
    }

    private static int nextValid(List<byte[]> copies, int from) {
        int best = -1;
        for (byte[] c : copies) {
            for (int p = from; p + JournalCodec.OVERHEAD <= c.length; p++) {
                if (JournalCodec.recordAt(c, p)) {
                    if (best < 0 || p < best) {
                        best = p;
                    }
                    break;
                }
            }
        }
        return best;
    }

    /**
     * Replaces every copy with a new log holding only {@code live} records (written to a temporary
     * file, forced and renamed into place), then opens it for appends. Damaged copies are kept
     * aside under {@code journal.log.damaged-<time>} when {@code keepAside} is set.
     */
    void rewrite(List<JournalCodec.Entry> entries, boolean keepAside) throws IOException {
        rewrite(entries, keepAside, null);
    }

    /**
     * As {@link #rewrite(List, boolean)}, keeping the copies from now on in {@code writeDirs} when
     * it is not null (a rebuilt disk takes its journal copy back).
     */
    void rewrite(List<JournalCodec.Entry> entries, boolean keepAside, List<Path> writeDirs) throws IOException {
        List<byte[]> live = new ArrayList<>();
        for (JournalCodec.Entry e : entries) {
            live.add(JournalCodec.frame(e.type(), e.payload()));
        }
        lock.lock();
        try {
            awaitIdle();
            closeChannels();
            long total = 0;
            for (byte[] r : live) {
                total += r.length;
            }
            ByteBuffer all = ByteBuffer.allocate((int) total);
            live.forEach(all::put);
            if (writeDirs != null) {
                copies = writeDirs.stream().map(Copy::new).toList();
            }
            IOException failure = null;
            int written = 0;
            for (Copy c : copies) {
                Path f = c.file;
                try {
                    Files.createDirectories(c.dir);
                    if (keepAside && Files.exists(f)) {
                        Files.copy(f, c.dir.resolve(FILE + ".damaged-" + System.currentTimeMillis()));
                    }
                    faults.beforeWrite(f);
                    DurableFiles.writeAtomically(f, all.array());
                    FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    c.open = new Open(ch, Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
                    written++;
                } catch (IOException e) {
                    failure = e;
                    // A copy that could not be rewritten must not be read at the next start as if current.
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // the disk is failing; it is out of service
                    }
                    onCopyLost.lost(c.dir, "journal copy " + f + " could not be written: " + e.getMessage());
                }
            }
            if (written == 0) {
                throw new IOException("no journal copy could be written", failure);
            }
            List<Path> dirs = dirs();
            for (Path dir : readDirs) {
                if (!dirs.contains(dir)) {
                    // A copy from when this disk was one of the journal disks: stale now.
                    Files.deleteIfExists(dir.resolve(FILE));
                }
            }
            size = total;
            failedFrom = -1;
            handOver(startBatch());
        } finally {
            lock.unlock();
        }
    }

    /** Waits (holding the lock) until no batch is being written or forced. */
    private void awaitIdle() {
        while (writing || forcing > 0) {
            idle.awaitUninterruptibly();
        }
    }

    // ---------------------------------------------------------------- appends

    /**
     * Appends a record and returns once it is forced on every journal copy still in service.
     *
     * <p>Pipelined group commit: records that arrive while a batch is being written queue up and
     * form the next batch. Batches are written one after the other, in order, each with one
     * write per copy from one buffer; up to {@link #forcesInFlight} batches force at once, each
     * forcing its copies in parallel. The thread that starts a batch is one of its appenders; the
     * others sleep until their batch is acknowledged. Batches are acknowledged in order, so that
     * when a batch cannot be made durable, it and every batch written after it fail together and
     * the copies are cut back to where it began: no record whose append failed is replayed.
     */
    void append(byte type, byte[] payload) throws IOException {
        Pending mine = new Pending(type, payload);
        Batch run;
        lock.lock();
        try {
            queue.add(mine);
            run = startBatch();
        } finally {
            lock.unlock();
        }
        while (true) {
            if (run != null) {
                // The batch that can start when this one ends goes to its first appender.
                handOver(runBatch(run));
            }
            if (mine.done) {
                break;
            }
            java.util.concurrent.locks.LockSupport.park(this);
            run = mine.assigned;
            mine.assigned = null;
        }
        if (mine.error != null) {
            throw new IOException(mine.error.getMessage(), mine.error);
        }
    }

    /** With the lock held: takes the queue as the next batch if one may start now, else null. */
    private Batch startBatch() {
        if (queue.isEmpty() || writing || forcing >= forcesInFlight) {
            return null;
        }
        if (failedFrom >= 0) {
            if (forcing > 0) {
                return null; // the batches still forcing fail too; then the copies are cut back
            }
            cutBack();
        }
        writing = true;
        Batch b = new Batch(queue);
        queue = new ArrayList<>();
        return b;
    }

    /** Asks the first appender of a batch to run it (it is asleep waiting for its record). */
    private static void handOver(Batch b) {
        if (b != null) {
            Pending first = b.members.get(0);
            first.assigned = b;
            java.util.concurrent.locks.LockSupport.unpark(first.waiter);
        }
    }

    /**
     * Writes the batch to every copy, lets the next batch start, forces the copies, acknowledges.
     * Returns the batch that may start now that this one ended, for the caller to run or hand over.
     */
    private Batch runBatch(Batch b) {
        List<Copy> all = copies;
        // A copy whose file vanished is out of service: writing on would only fill a deleted file.
        checkCopies();
        int total = fill(b.members);
        Open[] opens = new Open[all.size()];
        IOException failure = null;
        int written = 0;
        for (int i = 0; i < all.size(); i++) {
            Open o = all.get(i).open;
            if (o == null) {
                continue;
            }
            IOException e = writeCopy(o.channel(), all.get(i).file, total);
            if (e == null) {
                opens[i] = o;
                written++;
            } else if (!loseUnlessLast(all.get(i), o, e)) {
                failure = e;
            }
        }
        if (written == 0 && failure == null) {
            failure = new IOException("no journal copy in service");
        }
        if (buffer.capacity() > KEPT_BUFFER) {
            buffer = ByteBuffer.allocateDirect(64 << 10);
        }
        Batch next;
        lock.lock();
        try {
            b.start = size;
            size += total;
            b.end = size;
            writing = false;
            forcing++;
            unacknowledged.add(b);
            if (failure != null) {
                fail(b.start);
            }
            next = startBatch();
        } finally {
            lock.unlock();
        }
        handOver(next);
        if (failure == null) {
            failure = forceAll(all, opens);
        }
        return finish(b, failure);
    }

    /** Frames the records into the batch buffer; returns the batch's length. */
    private int fill(List<Pending> members) {
        int total = 0;
        for (Pending p : members) {
            total += JournalCodec.OVERHEAD + p.payload.length;
        }
        if (buffer.capacity() < total) {
            buffer = ByteBuffer.allocateDirect(Math.max(total, buffer.capacity() * 2));
        }
        ByteBuffer b = buffer;
        b.clear();
        for (Pending p : members) {
            JournalCodec.frameInto(b, p.type, p.payload, crc);
        }
        b.flip();
        return total;
    }

    /** Forces every written copy, the first on this thread and the others alongside it; returns the failure, or null. */
    private IOException forceAll(List<Copy> all, Open[] opens) {
        List<java.util.concurrent.Future<IOException>> others = new ArrayList<>();
        int mine = -1;
        for (int i = 0; i < opens.length; i++) {
            if (opens[i] == null) {
                others.add(null);
            } else if (mine < 0) {
                mine = i;
                others.add(null);
            } else {
                FileChannel ch = opens[i].channel();
                Path f = all.get(i).file;
                others.add(VaultThreads.submitOrRun(forcers, () -> forceCopy(ch, f)));
            }
        }
        IOException failure = null;
        int ok = 0;
        for (int i = mine; i >= 0 && i < opens.length; i++) {
            if (opens[i] == null) {
                continue;
            }
            IOException e;
            if (others.get(i) == null) {
                e = forceCopy(opens[i].channel(), all.get(i).file);
            } else {
                try {
                    e = others.get(i).get();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    e = new java.io.InterruptedIOException("interrupted while forcing the journal");
                } catch (java.util.concurrent.ExecutionException ee) {
                    e = new IOException(ee.getCause());
                }
            }
            if (e == null) {
                ok++;
            } else if (!loseUnlessLast(all.get(i), opens[i], e)) {
                failure = e;
            }
        }
        return ok == 0 && failure == null ? new IOException("no journal copy in service") : failure;
    }

    /**
     * Takes a failed copy out of service, unless it is the last one in service: then the batch
     * fails instead (returns false), and the copy is kept for the appends after it.
     */
    private boolean loseUnlessLast(Copy c, Open o, IOException e) {
        synchronized (copiesDecision) {
            long open = copies.stream().filter(x -> x.open != null).count();
            if (c.open == o && open <= 1) {
                return false;
            }
        }
        // Keep the other copies going; this one (and its disk) is out of service until a rebuild
        // of the disk writes a fresh copy.
        lose(c, o, "journal copy " + c.file + " failed: " + e.getMessage());
        return true;
    }

    private final Object copiesDecision = new Object();

    /** Ends a batch's forces and acknowledges, in write order, every batch whose forces ended; returns the batch that may start now, or null. */
    private Batch finish(Batch b, IOException failure) {
        List<Pending> wake = new ArrayList<>();
        Batch next;
        lock.lock();
        try {
            forcing--;
            b.finished = true;
            b.error = failure;
            if (failure != null) {
                fail(b.start);
            }
            while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().finished) {
                Batch done = unacknowledged.pollFirst();
                IOException error = done.error;
                if (error == null && failedFrom >= 0 && done.start >= failedFrom) {
                    error = new IOException("an earlier journal batch could not be forced, so this one was discarded with it");
                }
                if (error == null) {
                    batches++;
                }
                for (Pending p : done.members) {
                    p.error = error;
                    wake.add(p);
                }
            }
            if (!writing && forcing == 0) {
                if (failedFrom >= 0) {
                    cutBack(); // now, not at the next append: the failed records must not outlive a close
                }
                idle.signalAll();
            }
            next = startBatch();
        } finally {
            lock.unlock();
        }
        Thread self = Thread.currentThread();
        for (Pending p : wake) {
            p.done = true;
            if (p.waiter != self) {
                java.util.concurrent.locks.LockSupport.unpark(p.waiter);
            }
        }
        return next;
    }

    /** With the lock held: every batch from {@code from} on fails. */
    private void fail(long from) {
        failedFrom = failedFrom < 0 ? from : Math.min(failedFrom, from);
    }

    /**
     * With the lock held and nothing in flight: cuts every copy back to where the failed batches
     * began, so that none of their records is replayed, and forces the new length.
     */
    private void cutBack() {
        for (Copy c : copies) {
            Open o = c.open;
            if (o != null) {
                try {
                    o.channel().truncate(failedFrom);
                    o.channel().force(true);
                } catch (IOException e) {
                    // Its records may still be there: it must not be read as current.
                    lose(c, o, "journal copy " + c.file + " could not be cut back after a failed append: " + e.getMessage());
                }
            }
        }
        size = failedFrom;
        failedFrom = -1;
    }

    /** Forces the second and further journal copies alongside the first (the engine's threads, {@link VaultThreads}). */
    private final java.util.concurrent.ExecutorService forcers;

    /** Appends the batch buffer to one copy; returns the failure, or null. */
    private IOException writeCopy(FileChannel ch, Path f, int total) {
        try {
            faults.beforeWrite(f);
            ByteBuffer b = buffer.duplicate();
            b.position(0).limit(total);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Forces one copy; returns the failure, or null. */
    private IOException forceCopy(FileChannel ch, Path f) {
        try {
            faults.beforeForce(f);
            ch.force(false);
            forces.incrementAndGet();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private void closeChannels() {
        for (Copy c : copies) {
            Open o;
            synchronized (c) {
                o = c.open;
                c.open = null;
            }
            if (o != null) {
                try {
                    o.channel().close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            awaitIdle();
            closeChannels();
        } finally {
            lock.unlock();
        }
    }
}
