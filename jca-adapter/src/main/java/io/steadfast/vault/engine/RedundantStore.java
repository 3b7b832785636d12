package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultException;
import io.steadfast.vault.api.VaultException.Reason;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Committed objects, spread over the disks by the layout's {@link Codec}: one chunk per disk per
 * object, each disk a {@link SegmentLog} (its log-structured segments and its on-disk index).
 * This class holds what spans the disks: it encodes a batch of writes and applies it to every
 * disk in service, in parallel ({@link #applyBatch}, the one write path for the applier and for
 * the redo at start-up); it checkpoints and compacts every disk; and it reads. Appends are not
 * forced one by one: the journal holds every committed write until {@link #checkpoint()} has
 * forced the segments written since the last one, one force per dirty segment, not one per
 * object. Reads verify every
 * chunk; a missing, damaged or misplaced chunk is rebuilt from the others, the right bytes are
 * returned, and a good chunk is appended in its place. With too few good chunks the read fails
 * with {@link Reason#UNRECOVERABLE}: it never returns wrong bytes. A scrub ({@link Scrubber})
 * runs that read over every object.
 *
 * <p>A <em>follower</em> ({@link #follower}) reads another node's disks and never writes them: it
 * keeps its own index of them in folders of its own, opens their segments read-only, leaves a
 * torn tail alone (the writer may be in the middle of that append), repairs nothing, and
 * {@link #follow} indexes what the writer appended since it last looked.
 */
final class RedundantStore {

    private final List<SegmentLog> disks;
    private final Codec codec;
    private final AtomicLong repairs = new AtomicLong();
    /** What opening the disks found about their indexes (rebuilt, and why). */
    private final List<String> findings = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether this store only reads another node's disks ({@link #follower}). */
    private final boolean follower;

    RedundantStore(List<Path> roots, Codec codec, IoFaults faults) throws IOException {
        this(roots, codec, faults, SegmentLog.SEGMENT_LIMIT);
    }

    RedundantStore(List<Path> roots, Codec codec, IoFaults faults, long segmentLimit) throws IOException {
        this(roots, roots, false, codec, faults, segmentLimit, VaultThreads.CALLER_RUNS);
    }

    /** @param threads where the disks are written and forced in parallel (the engine's threads, {@link VaultThreads}) */
    RedundantStore(List<Path> roots, Codec codec, IoFaults faults, long segmentLimit, java.util.concurrent.ExecutorService threads)
            throws IOException {
        this(roots, roots, false, codec, faults, segmentLimit, threads);
    }

    /**
     * A read-only view of another node's disks ({@code roots}), with its index of them kept under
     * {@code indexRoots} (one folder per disk, the reading node's own).
     */
    static RedundantStore follower(List<Path> roots, List<Path> indexRoots, Codec codec, IoFaults faults,
                                   java.util.concurrent.ExecutorService threads) throws IOException {
        return new RedundantStore(roots, indexRoots, true, codec, faults, SegmentLog.SEGMENT_LIMIT, threads);
    }

    private RedundantStore(List<Path> roots, List<Path> indexRoots, boolean follower, Codec codec, IoFaults faults,
                           long segmentLimit, java.util.concurrent.ExecutorService threads) throws IOException {
        this.threads = java.util.Objects.requireNonNull(threads, "threads");
        this.codec = codec;
        this.follower = follower;
        List<SegmentLog> list = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            list.add(new SegmentLog(i, roots.size(), roots.get(i), indexRoots.get(i), follower, codec, faults, segmentLimit));
        }
        this.disks = List.copyOf(list);
        // A vault that holds no segment on any disk holds nothing to lose or to rebuild: its
        // missing directories are made, all of them before any disk is loaded. Only one that
        // holds data elsewhere takes a missing directory for a lost disk, which an operator
        // replaces and rebuilds. (Made and loaded disk by disk, a crash in the first open, while
        // loading disk 0, left disks 1 and 2 without their directory and the vault down for good:
        // IndexCrashTest's seed 4233763346591.)
        boolean fresh = !follower && disks.stream().allMatch(d -> SegmentLog.holdsNoSegment(d.segments));
        if (fresh) {
            for (SegmentLog d : disks) {
                Files.createDirectories(d.segments);
            }
        }
        for (SegmentLog d : disks) {
            if (!Files.isDirectory(d.segments)) {
                d.offlineReason = "directory " + d.segments + " is missing";
            } else if (!follower && !Files.isWritable(d.segments)) {
                d.offlineReason = "directory " + d.segments + " is not writable";
            } else {
                d.tryLoad(findings::add);
            }
        }
    }

    /** What opening found about the disks' indexes: each one rebuilt by a full scan, and why. */
    List<String> findings() {
        return List.copyOf(findings);
    }

    List<SegmentLog> disks() {
        return disks;
    }

    long repairs() {
        return repairs.get();
    }

    VaultHealth health() {
        List<String> offline = disks.stream().filter(d -> !d.online()).map(d -> d + ": " + d.offlineReason).toList();
        long online = disks.size() - offline.size();
        VaultHealth.Status s = offline.isEmpty() ? VaultHealth.Status.UP
                : online >= codec.required() ? VaultHealth.Status.DEGRADED : VaultHealth.Status.DOWN;
        return new VaultHealth(s, offline);
    }

    /** Takes every disk whose directory vanished out of service (one {@code stat} each; health checks). */
    void checkDisks() {
        for (SegmentLog d : disks) {
            d.checkOnline();
        }
    }

    /**
     * A follower's catch-up: indexes every chunk the writer appended since the last look, in the
     * segment it was at and in the ones it started since (a compaction's copies included, which
     * replace the places of chunks in segments it deleted). A disk whose folder was missing and is
     * there now is loaded.
     */
    void follow() throws IOException {
        if (!follower) {
            throw new IllegalStateException("only a follower follows");
        }
        for (SegmentLog d : disks) {
            d.follow(findings::add);
        }
    }

    // ---------------------------------------------------------------- writes

    /** One write of a batch: {@code data == null} deletes the key. */
    record Op(String key, byte[] data, long generation) {
    }

    /**
     * Applies a batch of committed writes, in order, to every disk in service, the disks in
     * parallel: the one write path of committed objects, for the applier and for the redo of
     * committed branches at start-up. Idempotent (a disk that holds a generation already skips
     * it), so a failed batch can simply be applied again and a redo does not append twice.
     *
     * @throws IOException when some object reached fewer disks than a read needs
     */
    void applyBatch(List<Op> ops) throws IOException {
        byte[][][] shards = new byte[ops.size()][][];
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).data() != null) {
                shards[i] = codec.encode(ops.get(i).data());
            }
        }
        int[] reached = new int[ops.size()];
        List<java.util.concurrent.Future<boolean[]>> perDisk = new ArrayList<>();
        for (SegmentLog d : disks) {
            if (!d.checkOnline()) {
                continue;
            }
            java.util.concurrent.Callable<boolean[]> task = () -> {
                boolean[] ok = new boolean[ops.size()];
                int shard;
                for (int i = 0; i < ops.size(); i++) {
                    Op op = ops.get(i);
                    try {
                        if (op.data() == null) {
                            if (d.catalog.get(op.key()) != null) {
                                d.append(op.key(), ChunkCodec.tombstone(op.key(), op.generation()), op.generation());
                            }
                        } else {
                            SegmentLog.Loc existing = d.catalog.get(op.key());
                            if (existing == null || existing.generation() != op.generation()) {
                                shard = codec.shardOn(op.key(), d.index);
                                d.append(op.key(), ChunkCodec.encode(op.key(), shard, codec.shardCount(), op.generation(),
                                        op.data().length, shards[i][shard]), op.generation());
                            }
                        }
                        ok[i] = true;
                    } catch (IOException e) {
                        d.takeOffline("write failed: " + e.getMessage());
                        break;
                    }
                }
                return ok;
            };
            perDisk.add(disks.size() > 1 ? VaultThreads.submitOrRun(threads, task) : java.util.concurrent.CompletableFuture.completedFuture(callUnchecked(task)));
        }
        for (var f : perDisk) {
            boolean[] ok;
            try {
                ok = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while applying");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            }
            for (int i = 0; i < ok.length; i++) {
                reached[i] += ok[i] ? 1 : 0;
            }
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).data() != null && reached[i] < codec.required()) {
                throw new IOException("object " + ops.get(i).key() + " reached only " + reached[i] + " disk(s); the layout needs "
                        + codec.required());
            }
        }
    }

    private static <T> T callUnchecked(java.util.concurrent.Callable<T> c) throws IOException {
        try {
            return c.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Writes and forces several disks at once (the engine's threads, {@link VaultThreads}). */
    private final java.util.concurrent.ExecutorService threads;

    /**
     * Forces every segment appended to since the last checkpoint, one force per segment, then
     * checkpoints each disk's index; disks in parallel.
     */
    void checkpoint() throws IOException {
        List<java.util.concurrent.Future<IOException>> results = new ArrayList<>();
        for (SegmentLog d : disks) {
            if (!d.online() || !d.dirty()) {
                continue;
            }
            results.add(VaultThreads.submitOrRun(threads, () -> {
                try {
                    synchronized (d.appendLock) {
                        d.checkpoint();
                    }
                    return null;
                } catch (IOException e) {
                    d.takeOffline("force failed: " + e.getMessage());
                    return e;
                }
            }));
        }
        IOException failure = null;
        for (var f : results) {
            try {
                IOException e = f.get();
                failure = e != null ? e : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted during a checkpoint");
            } catch (java.util.concurrent.ExecutionException e) {
                failure = new IOException(e.getCause());
            }
        }
        if (failure != null && health().status() == VaultHealth.Status.DOWN) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- compaction

    /** What a compaction did: segments deleted, their bytes, and live chunks copied out of them first. */
    record Compaction(int segments, long bytesReclaimed, long chunksMoved) {
    }

    /**
     * Reclaims the space of segments that hold mostly superseded or deleted chunks: every segment
     * but the active one whose referenced bytes are at most {@code maxLiveRatio} of its size has
     * its live chunks (and live tombstones) appended again to the active segment, then the disk
     * is checkpointed (the copies forced, the index pointing at them committed), and only then is
     * the old segment deleted. A kill at any point leaves every live chunk in a forced segment:
     * before the checkpoint the index still points at the old segment, after it at the copies,
     * and a scan prefers the later copy of equal generation. A segment that still holds a
     * referenced chunk after the copy (one too damaged to parse, which a scrub repairs first) is kept.
     */
    Compaction compact(double maxLiveRatio) {
        if (follower) {
            throw new IllegalStateException("a follower never compacts another node's disks");
        }
        int segments = 0;
        long reclaimed = 0;
        long moved = 0;
        for (SegmentLog d : disks) {
            if (!d.checkOnline()) {
                continue;
            }
            try {
                for (int id : d.segmentIds()) {
                    long size = d.reclaimable(id, maxLiveRatio);
                    if (size < 0) {
                        continue;
                    }
                    long copied = d.rewrite(id);
                    if (copied >= 0) {
                        segments++;
                        reclaimed += size;
                        moved += copied;
                    }
                }
            } catch (IOException e) {
                // A disk that fails a read, write or force here is out of service like after any
                // failed write; what compaction did so far is consistent (it only deletes after a checkpoint).
                d.takeOffline("compaction failed: " + e.getMessage());
            }
        }
        return new Compaction(segments, reclaimed, moved);
    }

    void close() {
        for (SegmentLog d : disks) {
            d.close();
        }
    }

    // ---------------------------------------------------------------- reads

    /** The result of reading every chunk of an object. */
    record Survey(byte[][] shards, long objectLength, long generation, int found, int errors, List<SegmentLog> bad) {
    }

    /** Reads and verifies every chunk of an object; the disks that lack a good one are named. */
    Survey survey(String key) {
        int n = codec.shardCount();
        ChunkCodec.Chunk[] found = new ChunkCodec.Chunk[n];
        SegmentLog[] holder = new SegmentLog[n];
        List<SegmentLog> bad = new ArrayList<>();
        int present = 0;
        int errors = 0;
        long generation = -1;
        for (SegmentLog d : disks) {
            if (!d.checkOnline()) {
                continue;
            }
            SegmentLog.Loc loc = d.catalog.get(key);
            if (loc == null) {
                bad.add(d);
                continue;
            }
            present++;
            int shard = codec.shardOn(key, d.index);
            try {
                ChunkCodec.Chunk c;
                try {
                    c = ChunkCodec.decode(d.read(loc), key, shard);
                } catch (IOException e) {
                    // A compaction may have moved the chunk (and deleted its segment) since the index was read.
                    SegmentLog.Loc moved = d.catalog.get(key);
                    if (moved == null || moved.equals(loc)) {
                        throw e;
                    }
                    c = ChunkCodec.decode(d.read(moved), key, shard);
                }
                if (c.count() != n) {
                    throw new CorruptChunkException("chunk count " + c.count() + " does not match the layout's " + n);
                }
                found[shard] = c;
                holder[shard] = d;
                generation = Math.max(generation, c.generation());
            } catch (IOException e) {
                errors++;
                bad.add(d);
            }
        }
        byte[][] shards = new byte[n][];
        long length = -1;
        for (int s = 0; s < n; s++) {
            ChunkCodec.Chunk c = found[s];
            if (c == null) {
                continue;
            }
            if (c.generation() != generation) {
                errors++; // a stale chunk of an older object under the same key
                bad.add(holder[s]);
                continue;
            }
            shards[s] = c.payload();
            length = c.objectLength();
        }
        return new Survey(shards, length, generation, present, errors, bad);
    }

    Optional<byte[]> read(String key) {
        Survey s = survey(key);
        if (s.found() == 0) {
            return Optional.empty();
        }
        return Optional.of(rebuild(key, s, null));
    }

    /**
     * The object from the good chunks of a survey; each disk the survey found without a good chunk
     * gets one appended (counted in {@code counters[0]} when given). Fails with
     * {@link Reason#UNRECOVERABLE} when too few chunks are good: never wrong bytes.
     */
    byte[] rebuild(String key, Survey s, long[] counters) {
        int good = 0;
        for (byte[] shard : s.shards()) {
            good += shard == null ? 0 : 1;
        }
        if (good < codec.required()) {
            throw new VaultException(Reason.UNRECOVERABLE, "object " + key + " is unrecoverable: " + good + " good chunk(s) of "
                    + codec.shardCount() + " found, the layout needs " + codec.required());
        }
        byte[][] shards = s.shards().clone();
        byte[] object;
        try {
            object = codec.decode(shards, s.objectLength());
        } catch (IllegalArgumentException e) {
            throw new VaultException(Reason.UNRECOVERABLE, "object " + key + " is unrecoverable: " + e.getMessage(), e);
        }
        for (SegmentLog d : s.bad()) {
            if (follower || !d.checkOnline()) {
                continue;
            }
            int shard = codec.shardOn(key, d.index);
            try {
                d.append(key, ChunkCodec.encode(key, shard, codec.shardCount(), s.generation(), object.length, shards[shard]), s.generation());
                repairs.incrementAndGet();
                if (counters != null) {
                    counters[0]++;
                }
            } catch (IOException e) {
                d.takeOffline("repair write failed: " + e.getMessage());
            }
        }
        return object;
    }

    boolean exists(String key) {
        for (SegmentLog d : disks) {
            if (d.checkOnline() && d.catalog.get(key) != null) {
                return true;
            }
        }
        return false;
    }

    List<String> list(String prefix) {
        List<String> all = new ArrayList<>();
        String after = null;
        while (true) {
            List<String> page = list(prefix, after, 10_000);
            all.addAll(page);
            if (page.size() < 10_000) {
                return all;
            }
            after = page.get(page.size() - 1);
        }
    }

    /** Up to {@code limit} keys starting with {@code prefix} and greater than {@code after} (null: from the first), in order. */
    List<String> list(String prefix, String after, int limit) {
        TreeSet<String> keys = new TreeSet<>();
        for (SegmentLog d : disks) {
            if (d.checkOnline()) {
                keys.addAll(d.catalog.keys(prefix, after, limit));
                while (keys.size() > limit) {
                    keys.remove(keys.last());
                }
            }
        }
        return List.copyOf(keys);
    }

    /** About how many objects the disks hold (the largest index, tombstones included): a scrub's progress total. */
    long estimatedObjects() {
        long n = 0;
        for (SegmentLog d : disks) {
            if (d.online() && d.catalog != null) {
                n = Math.max(n, d.catalog.size());
            }
        }
        return n;
    }

    /** Where a disk holds a key's chunk (for fault-injection tests). */
    Optional<SegmentLog.Loc> location(int disk, String key) {
        SegmentIndex catalog = disks.get(disk).catalog;
        return Optional.ofNullable(catalog == null ? null : catalog.get(key));
    }

    Path segmentFile(int disk, int segment) {
        return disks.get(disk).file(segment);
    }

    // ---------------------------------------------------------------- a replaced disk

    /**
     * Puts a replaced disk back in service: its index is discarded and rebuilt by scanning what
     * its directory holds (nothing, for a new disk), since whatever was there before may not
     * match it. Refilling it is a scrub ({@link Scrubber}), which the vault runs next.
     */
    void bringBack(int diskIndex) throws IOException {
        if (diskIndex < 0 || diskIndex >= disks.size()) {
            throw new IllegalArgumentException("there is no disk " + diskIndex + "; disks are 0.." + (disks.size() - 1));
        }
        disks.get(diskIndex).reset(findings::add);
    }
}
