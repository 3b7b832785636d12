package io.steadfast.vault.engine;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultException;
import io.steadfast.vault.api.VaultException.Reason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Committed objects, spread over the disks by the layout's {@link Codec}: one chunk per disk per
 * object, appended to the disk's log-structured segment files ({@code <disk>/segments/*.seg}).
 *
 * <p>Each disk keeps an index from key to the latest chunk's place on that disk, in an H2 MVStore
 * file ({@link SegmentIndex}, {@code <disk>/index/index.mv}), checkpointed together with the
 * segments: at start-up only what was appended after the last checkpoint is scanned (chunks are
 * self-describing, so the scan needs nothing else), and a missing or unreadable index is rebuilt
 * by scanning every segment. A tombstone chunk deletes a key. Appends are not forced one by one:
 * the journal holds every committed write until {@link #checkpoint()} has forced the segments
 * written since the last one, which costs one force per disk, not one per object. Reads verify
 * every chunk; a missing, damaged or misplaced chunk is rebuilt from the others, the right bytes
 * are returned, and a good chunk is appended in its place. With too few good chunks the read
 * fails with {@link Reason#UNRECOVERABLE}: it never returns wrong bytes.
 *
 * <p>{@link #compact} reclaims segments that hold mostly superseded or deleted chunks.
 *
 * <p>A <em>follower</em> ({@link #follower}) reads another node's disks and never writes them: it
 * keeps its own index of them in folders of its own, opens their segments read-only, leaves a
 * torn tail alone (the writer may be in the middle of that append), repairs nothing, and
 * {@link #follow} indexes what the writer appended since it last looked.
 */
final class RedundantStore {

    static final long SEGMENT_LIMIT = 64L << 20;
    static final String SUFFIX = ".seg";

    /** Where a chunk is: segment number, offset and length, the generation it carries, and whether it is a tombstone. */
    record Loc(int segment, long offset, int length, long generation, boolean deleted) {

        Loc(int segment, long offset, int length, long generation) {
            this(segment, offset, length, generation, false);
        }
    }

    /** One disk directory, its segments and its index. */
    static final class Disk {
        final int index;
        final Path root;
        final Path segments;
        /** Where this disk's index lives: the disk itself, or, for a follower, a folder of the reading node's. */
        final Path indexRoot;
        /** A follower's disk: opened read-only, never appended to. */
        final boolean readOnly;
        volatile String offlineReason;
        /** Where each key's chunk lies, on this disk; opened by {@link RedundantStore#load}. */
        volatile SegmentIndex catalog;
        final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
        final Set<Integer> dirtySegments = ConcurrentHashMap.newKeySet();
        final Object appendLock = new Object();
        volatile boolean dirtyDirectory;
        int activeId = -1;
        long activeSize;
        long damagedRegions;

        Disk(int index, Path root, Path indexRoot, boolean readOnly) {
            this.index = index;
            this.root = root;
            this.segments = root.resolve("segments");
            this.indexRoot = indexRoot;
            this.readOnly = readOnly;
        }

        boolean online() {
            return offlineReason == null;
        }

        Path file(int id) {
            return segments.resolve(String.format("%08x", id) + SUFFIX);
        }

        FileChannel channel(int id) throws IOException {
            return channel(id, false);
        }

        /** The segment's channel; only appends create a segment (a read of a compacted one fails, it does not recreate it). */
        FileChannel channel(int id, boolean create) throws IOException {
            FileChannel ch = channels.get(id);
            if (ch == null) {
                synchronized (this) {
                    ch = channels.get(id);
                    if (ch == null && readOnly) {
                        ch = FileChannel.open(file(id), StandardOpenOption.READ);
                        channels.put(id, ch);
                    } else if (ch == null) {
                        ch = create
                                ? FileChannel.open(file(id), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                                : FileChannel.open(file(id), StandardOpenOption.READ, StandardOpenOption.WRITE);
                        channels.put(id, ch);
                    }
                }
            }
            return ch;
        }

        void closeChannel(int id) {
            FileChannel ch = channels.remove(id);
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        void closeChannels() {
            for (FileChannel ch : channels.values()) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            channels.clear();
        }

        @Override
        public String toString() {
            return "disk " + index + " (" + root + ")";
        }
    }

    private final List<Disk> disks;
    private final Codec codec;
    private final IoFaults faults;
    private final AtomicLong repairs = new AtomicLong();
    private final long segmentLimit;
    /** What opening the disks found about their indexes (rebuilt, and why). */
    private final List<String> findings = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether this store only reads another node's disks ({@link #follower}). */
    private final boolean follower;

    RedundantStore(List<Path> roots, Codec codec, IoFaults faults) throws IOException {
        this(roots, codec, faults, SEGMENT_LIMIT);
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
        return new RedundantStore(roots, indexRoots, true, codec, faults, SEGMENT_LIMIT, threads);
    }

    private RedundantStore(List<Path> roots, List<Path> indexRoots, boolean follower, Codec codec, IoFaults faults,
                           long segmentLimit, java.util.concurrent.ExecutorService threads) throws IOException {
        this.threads = java.util.Objects.requireNonNull(threads, "threads");
        this.codec = codec;
        this.faults = faults;
        this.segmentLimit = segmentLimit;
        this.follower = follower;
        List<Disk> list = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            list.add(new Disk(i, roots.get(i), indexRoots.get(i), follower));
        }
        this.disks = List.copyOf(list);
        // A vault that holds no segment on any disk holds nothing to lose or to rebuild: its
        // missing directories are made, all of them before any disk is loaded. Only one that
        // holds data elsewhere takes a missing directory for a lost disk, which an operator
        // replaces and rebuilds. (Made and loaded disk by disk, a crash in the first open, while
        // loading disk 0, left disks 1 and 2 without their directory and the vault down for good:
        // IndexCrashTest's seed 4233763346591.)
        boolean fresh = !follower && disks.stream().allMatch(d -> holdsNoSegment(d.segments));
        if (fresh) {
            for (Disk d : disks) {
                Files.createDirectories(d.segments);
            }
        }
        for (Disk d : disks) {
            if (!Files.isDirectory(d.segments)) {
                d.offlineReason = "directory " + d.segments + " is missing";
            } else if (!follower && !Files.isWritable(d.segments)) {
                d.offlineReason = "directory " + d.segments + " is not writable";
            } else {
                try {
                    load(d);
                } catch (IOException | RuntimeException e) {
                    d.offlineReason = "cannot read its segments or its index: " + e.getMessage();
                }
            }
        }
    }

    /** Whether {@code segments} is missing or empty: a disk that has never stored a chunk. */
    private static boolean holdsNoSegment(Path segments) {
        if (!Files.isDirectory(segments)) {
            return true;
        }
        try (java.util.stream.Stream<Path> files = Files.list(segments)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            return false; // unreadable: not known to be empty, so never made afresh
        }
    }

    /** What opening found about the disks' indexes: each one rebuilt by a full scan, and why. */
    List<String> findings() {
        return List.copyOf(findings);
    }

    /** What tells one disk's index from another's: the layout's chunk count and the disk's place in it. */
    private String fingerprint(Disk d) {
        return "format=" + SegmentIndex.FORMAT + " shards=" + codec.shardCount() + " disk=" + d.index + "/" + disks.size();
    }

    /**
     * Opens a disk's index and brings it up to date: only what was appended after its last
     * checkpoint (the marker) is scanned. With no usable index (missing, unreadable, another
     * layout, or not matching the segments that exist) every segment is scanned, as before the
     * index existed, and the index is written again from that scan. A torn tail of the last
     * segment is cut off.
     */
    private void load(Disk d) throws IOException {
        boolean opening = d.catalog == null;
        if (opening) {
            d.catalog = SegmentIndex.open(d.indexRoot, fingerprint(d));
        }
        List<Integer> ids = segmentIds(d);
        SegmentIndex.Marker marker = d.catalog.marker();
        if (opening && marker == null && !ids.isEmpty()) {
            String why = d.catalog.finding() != null ? d.catalog.finding() : "the index at " + d.catalog.file() + " holds nothing";
            findings.add(d + ": " + why + "; rebuilt by scanning every segment");
        }
        if (marker == null && ids.isEmpty()) {
            // A disk without segments: its (empty) index is committed at once, so that a crash
            // before the first checkpoint finds an index to start from, not a missing one.
            marker = new SegmentIndex.Marker(0, 0);
            checkpointDisk(d, marker);
        }
        if (marker != null) {
            String mismatch = mismatch(d, marker, ids);
            if (mismatch != null) {
                findings.add(d + ": the index does not match the segments (" + mismatch + "); rebuilt by scanning every segment");
                d.catalog.clear();
                marker = null;
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            boolean last = i == ids.size() - 1;
            long from = marker == null || id > marker.segment() ? 0 : id == marker.segment() ? marker.offset() : -1;
            if (from < 0) {
                continue; // wholly before the marker: its chunks are in the index already
            }
            long size = scan(d, id, from, last);
            if (size > from && !follower) {
                d.dirtySegments.add(id); // what a crashed run appended may not be forced yet; the next checkpoint forces it
            }
            if (last) {
                d.activeId = id;
                d.activeSize = size;
            }
            if (d.catalog.pending() >= SegmentIndex.MAX_RECENT_REBUILD && !last) {
                // A long scan (a rebuilt index) checkpoints as it goes, so a crash in it does not start it over.
                checkpointDisk(d, new SegmentIndex.Marker(id + 1, 0));
            }
        }
        if (d.activeId < 0) {
            d.activeId = marker == null ? 0 : marker.segment();
            d.activeSize = 0;
        }
        for (int counted : d.catalog.countedSegments()) {
            if (!ids.contains(counted) && d.catalog.liveBytes(counted) <= 0) {
                d.catalog.forgetSegment(counted); // deleted by a compaction whose next checkpoint did not happen
            }
        }
    }

    private static boolean hasSegments(Disk d) throws IOException {
        return !segmentIds(d).isEmpty();
    }

    private static List<Integer> segmentIds(Disk d) throws IOException {
        List<Integer> ids = new ArrayList<>();
        try (var files = Files.list(d.segments)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .forEach(n -> ids.add(Integer.parseInt(n.substring(0, n.length() - SUFFIX.length()), 16)));
        }
        ids.sort(null);
        return ids;
    }

    /** Why a checkpointed index cannot describe these segments (one was cut short or is gone), or null when it can. */
    private static String mismatch(Disk d, SegmentIndex.Marker marker, List<Integer> ids) throws IOException {
        if (ids.contains(marker.segment())) {
            long size = Files.size(d.file(marker.segment()));
            if (size < marker.offset()) {
                return "segment " + marker.segment() + " is " + size + " bytes, the index has chunks up to " + marker.offset();
            }
        } else if (marker.offset() > 0) {
            return "segment " + marker.segment() + " is missing";
        }
        for (int s : d.catalog.countedSegments()) {
            if (d.catalog.liveBytes(s) > 0 && !ids.contains(s)) {
                return "segment " + s + " holds chunks the index refers to and is missing";
            }
            if (ids.contains(s) && s != marker.segment() && Files.size(d.file(s)) < d.catalog.end(s)) {
                return "segment " + s + " is " + Files.size(d.file(s)) + " bytes, the index has chunks up to " + d.catalog.end(s);
            }
        }
        return null;
    }

    /**
     * Indexes the chunks of segment {@code id} from {@code pos} on; cuts a torn tail off the last
     * segment. Returns the segment's size afterwards.
     */
    private long scan(Disk d, int id, long from, boolean last) throws IOException {
        long size = Files.size(d.file(id));
        if (from > 0 && from >= size) {
            return size; // nothing appended after the checkpoint: the file is not even read
        }
        faults.beforeRead(d.file(id));
        byte[] buf = new byte[Math.toIntExact(size - from)];
        try (FileChannel ch = FileChannel.open(d.file(id), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(buf);
            while (b.hasRemaining() && ch.read(b, from + b.position()) >= 0) {
                // read the tail
            }
        }
        int pos = 0;
        while (pos < buf.length) {
            ChunkCodec.Scanned s = ChunkCodec.parse(buf, pos);
            if (s != null) {
                index(d, s.chunk(), new Loc(id, from + pos, s.length(), s.chunk().generation(), s.chunk().tombstone()));
                pos += s.length();
                continue;
            }
            int next = ChunkCodec.nextChunk(buf, pos + 1);
            if (next < 0) {
                if (last && follower) {
                    // The writer may be in the middle of this append: the next look reads it whole.
                    return from + pos;
                }
                if (last) {
                    // A torn append at the end of the active segment: it was never acknowledged
                    // (its commit is still in the journal and will be redone).
                    try (FileChannel ch = FileChannel.open(d.file(id), StandardOpenOption.WRITE)) {
                        ch.truncate(from + pos);
                    }
                    return from + pos;
                }
                d.damagedRegions++;
                break;
            }
            // Damage inside a segment: the chunks it held are missing on this disk and are
            // rebuilt from the other disks when read or scrubbed.
            d.damagedRegions++;
            pos = next;
        }
        return size;
    }

    /**
     * Points the index at a chunk found by a scan, unless it cannot be this disk's current chunk
     * of its key: a chunk of another shard (misdirected here), or one older than what the index
     * already holds or than a deletion (tombstones stay in the index). Newer generations win; at
     * equal generation the later chunk (a repair, or a copy made by compaction) wins. Scanning a
     * chunk the index already points at changes nothing, so a scan may overlap a checkpoint.
     */
    private void index(Disk d, ChunkCodec.Chunk c, Loc loc) {
        String key = c.key();
        Loc current = d.catalog.raw(key);
        if (c.tombstone()) {
            if (current == null || current.generation() <= c.generation()) {
                d.catalog.put(key, loc);
            }
            return;
        }
        if (c.count() != codec.shardCount() || c.index() != codec.shardOn(key, d.index)) {
            d.damagedRegions++;
            return;
        }
        if (current != null && current.deleted() && current.generation() >= c.generation()) {
            return;
        }
        if (current == null || current.generation() <= c.generation()) {
            d.catalog.put(key, loc);
        }
    }


    List<Disk> disks() {
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

    /** Takes a disk out of service until it is rebuilt (a failed write, or its journal copy lost). */
    void takeOffline(Disk d, String reason) {
        synchronized (d) {
            if (d.online()) {
                d.offlineReason = reason;
            }
        }
    }

    /** Takes every disk whose directory vanished out of service (one {@code stat} each; health checks). */
    void checkDisks() {
        for (Disk d : disks) {
            checkOnline(d);
        }
    }

    private boolean checkOnline(Disk d) {
        if (d.online() && !Files.isDirectory(d.segments)) {
            takeOffline(d, "directory " + d.segments + " disappeared");
        }
        return d.online();
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
        for (Disk d : disks) {
            synchronized (d.appendLock) {
                if (!Files.isDirectory(d.segments)) {
                    continue;
                }
                if (d.catalog == null || !d.online()) {
                    try {
                        load(d);
                        synchronized (d) {
                            d.offlineReason = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        d.offlineReason = "cannot read its segments or its index: " + e.getMessage();
                    }
                    continue;
                }
                List<Integer> ids = segmentIds(d);
                for (int i = 0; i < ids.size(); i++) {
                    int id = ids.get(i);
                    if (id < d.activeId) {
                        continue;
                    }
                    boolean last = i == ids.size() - 1;
                    long size;
                    try {
                        size = scan(d, id, id == d.activeId ? d.activeSize : 0, last);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        continue; // compacted since the listing: its live chunks were copied to a later segment
                    }
                    if (last) {
                        d.activeId = id;
                        d.activeSize = size;
                    }
                }
                if (d.catalog.pending() >= SegmentIndex.MAX_RECENT) {
                    checkpointDisk(d);
                }
            }
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
        for (Disk d : disks) {
            if (!checkOnline(d)) {
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
                                append(d, op.key(), ChunkCodec.tombstone(op.key(), op.generation()), op.generation());
                            }
                        } else {
                            Loc existing = d.catalog.get(op.key());
                            if (existing == null || existing.generation() != op.generation()) {
                                shard = codec.shardOn(op.key(), d.index);
                                append(d, op.key(), ChunkCodec.encode(op.key(), shard, codec.shardCount(), op.generation(),
                                        op.data().length, shards[i][shard]), op.generation());
                            }
                        }
                        ok[i] = true;
                    } catch (IOException e) {
                        takeOffline(d, "write failed: " + e.getMessage());
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

    /** Appends one chunk (or tombstone) to a disk's active segment and points the index at it. */
    private void append(Disk d, String key, byte[] chunk, long generation) throws IOException {
        if (follower) {
            throw new IllegalStateException("a follower never writes another node's disks (" + d + ")");
        }
        synchronized (d.appendLock) {
            if (d.activeSize > 0 && d.activeSize + chunk.length > segmentLimit) {
                d.activeId++;
                d.activeSize = 0;
                d.dirtyDirectory = true;
            }
            int id = d.activeId;
            Path file = d.file(id);
            faults.beforeWrite(file);
            FileChannel ch = d.channel(id, true);
            if (d.activeSize == 0) {
                d.dirtyDirectory = true;
            }
            ByteBuffer b = ByteBuffer.wrap(chunk);
            long pos = d.activeSize;
            try {
                while (b.hasRemaining()) {
                    pos += ch.write(b, pos);
                }
            } catch (IOException e) {
                ch.truncate(d.activeSize);
                throw e;
            }
            d.dirtySegments.add(id);
            boolean tombstone = ChunkCodec.isTombstone(chunk);
            d.catalog.put(key, new Loc(id, d.activeSize, chunk.length, generation, tombstone));
            d.activeSize += chunk.length;
            if (d.catalog.pending() >= SegmentIndex.MAX_RECENT) {
                // Bounded memory: the index checkpoints on its own after this many changes (one force per dirty segment).
                checkpointDisk(d);
            }
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
        for (Disk d : disks) {
            if (!d.online() || (d.dirtySegments.isEmpty() && !d.dirtyDirectory && d.catalog.pending() == 0)) {
                continue;
            }
            results.add(VaultThreads.submitOrRun(threads, () -> {
                try {
                    synchronized (d.appendLock) {
                        checkpointDisk(d);
                    }
                    return null;
                } catch (IOException e) {
                    takeOffline(d, "force failed: " + e.getMessage());
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

    /** Checkpoints one disk up to the end of its active segment; the caller holds its append lock. */
    private void checkpointDisk(Disk d) throws IOException {
        checkpointDisk(d, new SegmentIndex.Marker(d.activeId, d.activeSize));
    }

    /**
     * Forces the disk's dirty segments (and its directory), then commits its index with
     * {@code end} as the marker: the index on disk only ever points at forced chunks.
     */
    private void checkpointDisk(Disk d, SegmentIndex.Marker end) throws IOException {
        for (Integer id : List.copyOf(d.dirtySegments)) {
            faults.beforeForce(d.file(id));
            d.channel(id).force(false);
            d.dirtySegments.remove(id);
        }
        if (d.dirtyDirectory) {
            d.dirtyDirectory = false;
            DurableFiles.forceDirectory(d.segments);
        }
        faults.beforeForce(d.catalog.file());
        try {
            d.catalog.checkpoint(end);
        } catch (RuntimeException e) {
            throw new IOException("the index " + d.catalog.file() + " could not be written: " + e.getMessage(), e);
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
        for (Disk d : disks) {
            if (!checkOnline(d)) {
                continue;
            }
            try {
                for (int id : segmentIds(d)) {
                    long size;
                    synchronized (d.appendLock) {
                        if (id >= d.activeId || !d.online() || !Files.exists(d.file(id))) {
                            continue;
                        }
                        size = Files.size(d.file(id));
                        if (d.catalog.liveBytes(id) > maxLiveRatio * size) {
                            continue;
                        }
                    }
                    long copied = rewrite(d, id);
                    if (copied >= 0) {
                        segments++;
                        reclaimed += size;
                        moved += copied;
                    }
                }
            } catch (IOException e) {
                // A disk that fails a read, write or force here is out of service like after any
                // failed write; what compaction did so far is consistent (it only deletes after a checkpoint).
                takeOffline(d, "compaction failed: " + e.getMessage());
            }
        }
        return new Compaction(segments, reclaimed, moved);
    }

    /** Copies a segment's live chunks to the active segment and deletes it; returns the chunks copied, or -1 if it was kept. */
    private long rewrite(Disk d, int id) throws IOException {
        faults.beforeRead(d.file(id));
        byte[] buf = Files.readAllBytes(d.file(id));
        long moved = 0;
        int pos = 0;
        while (pos < buf.length) {
            ChunkCodec.Scanned s = ChunkCodec.parse(buf, pos);
            if (s == null) {
                int next = ChunkCodec.nextChunk(buf, pos + 1);
                if (next < 0) {
                    break;
                }
                pos = next;
                continue;
            }
            synchronized (d.appendLock) {
                if (!d.online()) {
                    return -1;
                }
                Loc current = d.catalog.raw(s.chunk().key());
                if (current != null && current.segment() == id && current.offset() == pos) {
                    append(d, s.chunk().key(), java.util.Arrays.copyOfRange(buf, pos, pos + s.length()), s.chunk().generation());
                    moved++;
                }
            }
            pos += s.length();
        }
        synchronized (d.appendLock) {
            if (!d.online()) {
                return -1;
            }
            checkpointDisk(d);
            if (d.catalog.liveBytes(id) != 0) {
                return -1;
            }
            d.closeChannel(id);
            d.dirtySegments.remove(id);
            faults.beforeDelete(d.file(id));
            Files.deleteIfExists(d.file(id));
            DurableFiles.forceDirectory(d.segments);
            d.catalog.forgetSegment(id);
        }
        return moved;
    }

    void close() {
        for (Disk d : disks) {
            if (follower && d.catalog != null) {
                synchronized (d.appendLock) {
                    try {
                        checkpointDisk(d); // a follower's index only: the next start reads on from here
                    } catch (IOException | RuntimeException e) {
                        // derived data: the next start scans further back
                    }
                }
            }
            d.closeChannels();
            if (d.catalog != null) {
                d.catalog.close();
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /** The result of reading every chunk of an object. */
    private record Survey(byte[][] shards, long objectLength, long generation, int found, int errors, List<Disk> bad) {
    }

    private byte[] readChunk(Disk d, Loc loc) throws IOException {
        faults.beforeRead(d.file(loc.segment()));
        ByteBuffer b = ByteBuffer.allocate(loc.length());
        FileChannel ch = d.channel(loc.segment());
        long pos = loc.offset();
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return b.position() == loc.length() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    private Survey survey(String key) {
        int n = codec.shardCount();
        ChunkCodec.Chunk[] found = new ChunkCodec.Chunk[n];
        Disk[] holder = new Disk[n];
        List<Disk> bad = new ArrayList<>();
        int present = 0;
        int errors = 0;
        long generation = -1;
        for (Disk d : disks) {
            if (!checkOnline(d)) {
                continue;
            }
            Loc loc = d.catalog.get(key);
            if (loc == null) {
                bad.add(d);
                continue;
            }
            present++;
            int shard = codec.shardOn(key, d.index);
            try {
                ChunkCodec.Chunk c;
                try {
                    c = ChunkCodec.decode(readChunk(d, loc), key, shard);
                } catch (IOException e) {
                    // A compaction may have moved the chunk (and deleted its segment) since the index was read.
                    Loc moved = d.catalog.get(key);
                    if (moved == null || moved.equals(loc)) {
                        throw e;
                    }
                    c = ChunkCodec.decode(readChunk(d, moved), key, shard);
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

    private byte[] rebuild(String key, Survey s, long[] counters) {
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
        for (Disk d : s.bad()) {
            if (follower || !checkOnline(d)) {
                continue;
            }
            int shard = codec.shardOn(key, d.index);
            try {
                append(d, key, ChunkCodec.encode(key, shard, codec.shardCount(), s.generation(), object.length, shards[shard]), s.generation());
                repairs.incrementAndGet();
                if (counters != null) {
                    counters[0]++;
                }
            } catch (IOException e) {
                takeOffline(d, "repair write failed: " + e.getMessage());
            }
        }
        return object;
    }

    boolean exists(String key) {
        for (Disk d : disks) {
            if (checkOnline(d) && d.catalog.get(key) != null) {
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
        for (Disk d : disks) {
            if (checkOnline(d)) {
                keys.addAll(d.catalog.keys(prefix, after, limit));
                while (keys.size() > limit) {
                    keys.remove(keys.last());
                }
            }
        }
        return List.copyOf(keys);
    }

    /** About how many objects the disks hold (the largest index, tombstones included): a scrub's progress total. */
    private long estimatedObjects() {
        long n = 0;
        for (Disk d : disks) {
            if (d.online() && d.catalog != null) {
                n = Math.max(n, d.catalog.size());
            }
        }
        return n;
    }

    /** Where a disk holds a key's chunk (for fault-injection tests). */
    Optional<Loc> location(int disk, String key) {
        SegmentIndex catalog = disks.get(disk).catalog;
        return Optional.ofNullable(catalog == null ? null : catalog.get(key));
    }

    Path segmentFile(int disk, int segment) {
        return disks.get(disk).file(segment);
    }

    // ---------------------------------------------------------------- scrub and rebuild

    /**
     * Reads and verifies every chunk of every object, repairing what it can. Keys are taken from
     * the indexes a page at a time, so a scrub of millions of objects holds one page in memory.
     *
     * @param bytesPerSecond throttle (0 for none), so a scrub does not starve payments of disk time
     * @param progress       told (objects done, objects in total) after each object
     * @param inFlight       objects to skip because a commit is still writing them
     */
    ScrubReport scrub(long bytesPerSecond, BiConsumer<Long, Long> progress, Predicate<String> inFlight) {
        long total = estimatedObjects();
        long start = System.nanoTime();
        long bytes = 0;
        long checked = 0;
        long errors = 0;
        long[] repaired = new long[1];
        List<String> unrecoverable = new ArrayList<>();
        long done = 0;
        List<String> page = list("", null, SCRUB_PAGE);
        while (!page.isEmpty()) {
            for (String key : page) {
                if (inFlight.test(key)) {
                    continue;
                }
                Survey s = survey(key);
                checked += s.found();
                errors += s.errors() + Math.max(0, s.bad().size() - s.errors());
                if (!s.bad().isEmpty() && s.found() > 0) {
                    try {
                        bytes += rebuild(key, s, repaired).length;
                    } catch (VaultException e) {
                        unrecoverable.add(key);
                    }
                } else if (s.objectLength() > 0) {
                    bytes += s.objectLength();
                }
                done++;
                total = Math.max(total, done);
                progress.accept(done, total);
                if (bytesPerSecond > 0) {
                    long wait = start + bytes * 1_000_000_000L / bytesPerSecond - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }
            page = page.size() < SCRUB_PAGE ? List.of() : list("", page.get(page.size() - 1), SCRUB_PAGE);
        }
        return new ScrubReport(done, checked, errors, repaired[0], List.copyOf(unrecoverable));
    }

    /** Keys a scrub takes from the indexes at a time. */
    static final int SCRUB_PAGE = 1_000;

    /**
     * Puts a replaced disk back in service: its index is discarded and rebuilt by scanning what
     * its directory holds (nothing, for a new disk), since whatever was there before may not
     * match it. Refilling it is a {@link #scrub}, which the vault runs next.
     */
    void bringBack(int diskIndex) throws IOException {
        if (diskIndex < 0 || diskIndex >= disks.size()) {
            throw new IllegalArgumentException("there is no disk " + diskIndex + "; disks are 0.." + (disks.size() - 1));
        }
        Disk d = disks.get(diskIndex);
        synchronized (d.appendLock) {
            d.closeChannels();
            d.dirtySegments.clear();
            Files.createDirectories(d.segments);
            if (d.catalog != null) {
                d.catalog.close();
            }
            d.catalog = SegmentIndex.open(d.indexRoot, fingerprint(d));
            d.catalog.clear();
            d.activeId = -1;
            d.activeSize = 0;
            load(d);
            synchronized (d) {
                d.offlineReason = null;
            }
        }
    }
}
