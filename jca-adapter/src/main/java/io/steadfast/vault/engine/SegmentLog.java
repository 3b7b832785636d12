package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One disk of the vault: its log-structured segment files ({@code <disk>/segments/*.seg}) and
 * its index of where each key's current chunk lies in them ({@link SegmentIndex}). It scans,
 * indexes, appends, forces, checkpoints and compacts one disk; what is spread over the disks
 * (the layout, reads that rebuild, repairs) is {@link RedundantStore}'s.
 *
 * <p>Chunks are appended, never overwritten, to the active segment; a new segment starts when
 * the next chunk would pass the segment limit. Appends are not forced one by one:
 * {@link #checkpoint()} forces every segment written since the last one and then commits the
 * index with a marker, the end of the segments, so the index on disk only points at forced
 * chunks and a start scans only what lies after the marker.
 *
 * <p>Once the log is open, every change to its segments or its index (append, checkpoint,
 * rewrite, a follower's catch-up, a reset) holds {@link #appendLock}; {@link #checkpoint()} is
 * the one such method that expects its caller to hold it. The first {@link #load} at open runs
 * before the log is shared. Reads ({@link #read}, the index's lookups) take no lock; taking the
 * disk out of service and opening a segment's channel lock the log object itself. A
 * <em>read-only</em> log is a follower's view of another node's disk: it is never appended to,
 * and a torn tail is left for its writer.
 */
final class SegmentLog {

    static final long SEGMENT_LIMIT = 64L << 20;
    static final String SUFFIX = ".seg";
    /**
     * Segment files a disk keeps open at most. Reads open old segments as they need them; without
     * a bound every segment ever read stayed open, so the open files (and their objects on the
     * heap) grew with the data: 21 segments per disk at a million receipts, thousands at a
     * terabyte, past the process's file limit.
     */
    static final int MAX_OPEN = 32;

    /**
     * An open segment file: when it was last used ({@code System.nanoTime}), and how many reads
     * use it now (-1 once it is claimed for closing).
     */
    private static final class Open {
        final FileChannel channel;
        volatile long used;
        private final java.util.concurrent.atomic.AtomicInteger readers;

        Open(FileChannel channel, long used, int readers) {
            this.channel = channel;
            this.used = used;
            this.readers = new java.util.concurrent.atomic.AtomicInteger(readers);
        }

        /** Takes the file for a read; false when it is claimed for closing. */
        boolean acquire() {
            while (true) {
                int n = readers.get();
                if (n < 0) {
                    return false;
                }
                if (readers.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            readers.decrementAndGet();
        }

        /** Claims the file for closing when no read uses it; no read can take it afterwards. */
        boolean claimIdle() {
            return readers.compareAndSet(0, -1);
        }
    }

    /** Where a chunk is: segment number, offset and length, the generation it carries, and whether it is a tombstone. */
    record Loc(int segment, long offset, int length, long generation, boolean deleted) {

        Loc(int segment, long offset, int length, long generation) {
            this(segment, offset, length, generation, false);
        }
    }

    /** The disk's position in the layout. */
    final int index;
    final Path root;
    final Path segments;
    /** Where this disk's index lives: the disk itself, or, for a follower, a folder of the reading node's. */
    final Path indexRoot;
    /** A follower's disk: opened read-only, never appended to. */
    final boolean readOnly;
    volatile String offlineReason;
    /** Where each key's chunk lies, on this disk; opened by {@link #load}. */
    volatile SegmentIndex catalog;
    /** Held by every change to the segments or the index once the log is open (see the class comment). */
    final Object appendLock = new Object();
    long damagedRegions;

    private final Codec codec;
    private final int diskCount;
    private final IoFaults faults;
    private final long segmentLimit;
    /** Open segment files, at most {@link #MAX_OPEN} (see {@link #channel(int, boolean)}), each with when it was last used. */
    private final Map<Integer, Open> channels = new ConcurrentHashMap<>();
    /** Segments a compaction deleted in this run: never opened again (a read then looks for the chunk's new place). */
    private final Set<Integer> removed = ConcurrentHashMap.newKeySet();
    /** Set by {@link #close}: no segment is opened any more. */
    private boolean closed;
    private final Set<Integer> dirtySegments = ConcurrentHashMap.newKeySet();
    private volatile boolean dirtyDirectory;
    private int activeId = -1;
    private long activeSize;

    SegmentLog(int index, int diskCount, Path root, Path indexRoot, boolean readOnly, Codec codec, IoFaults faults,
               long segmentLimit) {
        this.index = index;
        this.diskCount = diskCount;
        this.root = root;
        this.segments = root.resolve("segments");
        this.indexRoot = indexRoot;
        this.readOnly = readOnly;
        this.codec = codec;
        this.faults = faults;
        this.segmentLimit = segmentLimit;
    }

    boolean online() {
        return offlineReason == null;
    }

    /** Takes the disk out of service until it is rebuilt (a failed write, or its journal copy lost); the first reason stays. */
    void takeOffline(String reason) {
        synchronized (this) {
            if (online()) {
                offlineReason = reason;
            }
        }
    }

    /** Takes the disk out of service when its directory vanished (one {@code stat}); whether it is in service. */
    boolean checkOnline() {
        if (online() && !Files.isDirectory(segments)) {
            takeOffline("directory " + segments + " disappeared");
        }
        return online();
    }

    private void bringOnline() {
        synchronized (this) {
            offlineReason = null;
        }
    }

    Path file(int id) {
        return segments.resolve(String.format("%08x", id) + SUFFIX);
    }

    FileChannel channel(int id) throws IOException {
        return open(id, false, false).channel;
    }

    /**
     * The segment's open file; only appends create a segment (a read of a compacted one fails, it
     * does not recreate it). With {@code forRead} the file is taken for a read (released by the
     * caller), so it is not closed to make room while the read runs. Opening one more than
     * {@link #MAX_OPEN} closes the least recently used file that no read uses, is not the active
     * segment (the highest open) and holds nothing still to be forced; when every file is in use
     * the disk holds more open for a while.
     */
    private Open open(int id, boolean create, boolean forRead) throws IOException {
        Open open = channels.get(id);
        if (open != null && (!forRead || open.acquire())) {
            open.used = System.nanoTime();
            return open;
        }
        synchronized (this) {
            open = channels.get(id);
            if (open != null && (!forRead || open.acquire())) {
                open.used = System.nanoTime();
                return open;
            }
            if (closed) {
                throw new IOException(this + " is closed");
            }
            if (removed.contains(id)) {
                throw new java.nio.file.NoSuchFileException(file(id).toString(), null, "deleted by a compaction");
            }
            FileChannel ch = readOnly ? FileChannel.open(file(id), StandardOpenOption.READ)
                    : create ? FileChannel.open(file(id), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(file(id), StandardOpenOption.READ, StandardOpenOption.WRITE);
            open = new Open(ch, System.nanoTime(), forRead ? 1 : 0);
            channels.put(id, open);
            while (channels.size() > MAX_OPEN && evictOne(id)) {
                // closed one that was idle
            }
            return open;
        }
    }

    /**
     * Closes the least recently used file that no read uses, other than {@code keep}, the active
     * segment's and those still to be forced; false when there is none. The caller holds this.
     */
    private boolean evictOne(int keep) {
        int highest = channels.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        // Reads move the last-use times while this runs: sort a copy of them, not the live values.
        record Candidate(int id, Open open, long used) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<Integer, Open> e : channels.entrySet()) {
            int id = e.getKey();
            if (id != highest && id != keep && !dirtySegments.contains(id)) {
                candidates.add(new Candidate(id, e.getValue(), e.getValue().used));
            }
        }
        candidates.sort(java.util.Comparator.comparingLong(Candidate::used));
        for (Candidate c : candidates) {
            if (c.open().claimIdle()) {
                channels.remove(c.id(), c.open());
                try {
                    c.open().channel.close();
                } catch (IOException ignored) {
                    // closing
                }
                return true;
            }
        }
        return false;
    }

    /** Drops {@code open} from the open files if it is still the one for segment {@code id} (closed under a reader). */
    private void forget(int id, Open open) {
        synchronized (this) {
            channels.remove(id, open);
        }
    }

    private void closeChannel(int id) {
        Open open;
        synchronized (this) {
            open = channels.remove(id);
        }
        if (open != null) {
            try {
                open.channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void closeChannels() {
        List<Open> all;
        synchronized (this) {
            all = List.copyOf(channels.values());
            channels.clear();
        }
        for (Open open : all) {
            try {
                open.channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** Whether a checkpoint has anything to do: appends, a new segment, or index entries not yet committed. */
    boolean dirty() {
        return !dirtySegments.isEmpty() || dirtyDirectory || catalog.pending() > 0;
    }

    @Override
    public String toString() {
        return "disk " + index + " (" + root + ")";
    }

    // ---------------------------------------------------------------- opening and scanning

    /** Whether {@code segments} is missing or empty: a disk that has never stored a chunk. */
    static boolean holdsNoSegment(Path segments) {
        if (!Files.isDirectory(segments)) {
            return true;
        }
        try (java.util.stream.Stream<Path> files = Files.list(segments)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            return false; // unreadable: not known to be empty, so never made afresh
        }
    }

    /** What tells one disk's index from another's: the layout's chunk count and the disk's place in it. */
    private String fingerprint() {
        return "format=" + SegmentIndex.FORMAT + " shards=" + codec.shardCount() + " disk=" + index + "/" + diskCount;
    }

    /**
     * Opens the disk's index and brings it up to date: only what was appended after its last
     * checkpoint (the marker) is scanned. With no usable index (missing, unreadable, another
     * layout, or not matching the segments that exist) every segment is scanned, as before the
     * index existed, and the index is written again from that scan. A torn tail of the last
     * segment is cut off.
     *
     * @param findings told why the index was rebuilt, when it was
     */
    void load(Consumer<String> findings) throws IOException {
        boolean opening = catalog == null;
        if (opening) {
            catalog = SegmentIndex.open(indexRoot, fingerprint());
        }
        List<Integer> ids = segmentIds();
        SegmentIndex.Marker marker = catalog.marker();
        if (opening && marker == null && !ids.isEmpty()) {
            String why = catalog.finding() != null ? catalog.finding() : "the index at " + catalog.file() + " holds nothing";
            findings.accept(this + ": " + why + "; rebuilt by scanning every segment");
        }
        if (marker == null && ids.isEmpty()) {
            // A disk without segments: its (empty) index is committed at once, so that a crash
            // before the first checkpoint finds an index to start from, not a missing one.
            marker = new SegmentIndex.Marker(0, 0);
            checkpoint(marker);
        }
        if (marker != null) {
            String mismatch = mismatch(marker, ids);
            if (mismatch != null) {
                findings.accept(this + ": the index does not match the segments (" + mismatch + "); rebuilt by scanning every segment");
                catalog.clear();
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
            long size = scan(id, from, last);
            if (size > from && !readOnly) {
                dirtySegments.add(id); // what a crashed run appended may not be forced yet; the next checkpoint forces it
            }
            if (last) {
                activeId = id;
                activeSize = size;
            }
            if (catalog.pending() >= SegmentIndex.MAX_RECENT_REBUILD && !last) {
                // A long scan (a rebuilt index) checkpoints as it goes, so a crash in it does not start it over.
                checkpoint(new SegmentIndex.Marker(id + 1, 0));
            }
        }
        if (activeId < 0) {
            activeId = marker == null ? 0 : marker.segment();
            activeSize = 0;
        }
        for (int counted : catalog.countedSegments()) {
            if (!ids.contains(counted) && catalog.liveBytes(counted) <= 0) {
                catalog.forgetSegment(counted); // deleted by a compaction whose next checkpoint did not happen
            }
        }
    }

    /** Loads the disk ({@link #load}); when it cannot be read, takes it out of service with the error. Whether it loaded. */
    boolean tryLoad(Consumer<String> findings) {
        try {
            load(findings);
            return true;
        } catch (IOException | RuntimeException e) {
            offlineReason = "cannot read its segments or its index: " + e.getMessage();
            return false;
        }
    }

    List<Integer> segmentIds() throws IOException {
        List<Integer> ids = new ArrayList<>();
        try (var files = Files.list(segments)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .forEach(n -> ids.add(Integer.parseInt(n.substring(0, n.length() - SUFFIX.length()), 16)));
        }
        ids.sort(null);
        return ids;
    }

    /** Why a checkpointed index cannot describe these segments (one was cut short or is gone), or null when it can. */
    private String mismatch(SegmentIndex.Marker marker, List<Integer> ids) throws IOException {
        if (ids.contains(marker.segment())) {
            long size = Files.size(file(marker.segment()));
            if (size < marker.offset()) {
                return "segment " + marker.segment() + " is " + size + " bytes, the index has chunks up to " + marker.offset();
            }
        } else if (marker.offset() > 0) {
            return "segment " + marker.segment() + " is missing";
        }
        for (int s : catalog.countedSegments()) {
            if (catalog.liveBytes(s) > 0 && !ids.contains(s)) {
                return "segment " + s + " holds chunks the index refers to and is missing";
            }
            if (ids.contains(s) && s != marker.segment() && Files.size(file(s)) < catalog.end(s)) {
                return "segment " + s + " is " + Files.size(file(s)) + " bytes, the index has chunks up to " + catalog.end(s);
            }
        }
        return null;
    }

    /**
     * Indexes the chunks of segment {@code id} from {@code from} on; cuts a torn tail off the last
     * segment (a read-only log leaves it). Returns the segment's size afterwards.
     */
    private long scan(int id, long from, boolean last) throws IOException {
        long size = Files.size(file(id));
        if (from > 0 && from >= size) {
            return size; // nothing appended after the checkpoint: the file is not even read
        }
        faults.beforeRead(file(id));
        byte[] buf = new byte[Math.toIntExact(size - from)];
        try (FileChannel ch = FileChannel.open(file(id), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(buf);
            while (b.hasRemaining() && ch.read(b, from + b.position()) >= 0) {
                // read the tail
            }
        }
        int pos = 0;
        while (pos < buf.length) {
            ChunkCodec.Scanned s = ChunkCodec.parse(buf, pos);
            if (s != null) {
                index(s.chunk(), new Loc(id, from + pos, s.length(), s.chunk().generation(), s.chunk().tombstone()));
                pos += s.length();
                continue;
            }
            int next = ChunkCodec.nextChunk(buf, pos + 1);
            if (next < 0) {
                if (last && readOnly) {
                    // The writer may be in the middle of this append: the next look reads it whole.
                    return from + pos;
                }
                if (last) {
                    // A torn append at the end of the active segment: it was never acknowledged
                    // (its commit is still in the journal and will be redone).
                    try (FileChannel ch = FileChannel.open(file(id), StandardOpenOption.WRITE)) {
                        ch.truncate(from + pos);
                    }
                    return from + pos;
                }
                damagedRegions++;
                break;
            }
            // Damage inside a segment: the chunks it held are missing on this disk and are
            // rebuilt from the other disks when read or scrubbed.
            damagedRegions++;
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
    private void index(ChunkCodec.Chunk c, Loc loc) {
        String key = c.key();
        Loc current = catalog.raw(key);
        if (c.tombstone()) {
            if (current == null || current.generation() <= c.generation()) {
                catalog.put(key, loc);
            }
            return;
        }
        if (c.count() != codec.shardCount() || c.index() != codec.shardOn(key, index)) {
            damagedRegions++;
            return;
        }
        if (current != null && current.deleted() && current.generation() >= c.generation()) {
            return;
        }
        if (current == null || current.generation() <= c.generation()) {
            catalog.put(key, loc);
        }
    }

    /**
     * A follower's catch-up on this disk: indexes every chunk the writer appended since the last
     * look, in the segment it was at and in the ones it started since (a compaction's copies
     * included, which replace the places of chunks in segments it deleted). A disk whose folder
     * was missing and is there now is loaded.
     */
    void follow(Consumer<String> findings) throws IOException {
        synchronized (appendLock) {
            if (!Files.isDirectory(segments)) {
                return;
            }
            if (catalog == null || !online()) {
                if (tryLoad(findings)) {
                    bringOnline();
                }
                return;
            }
            List<Integer> ids = segmentIds();
            for (int i = 0; i < ids.size(); i++) {
                int id = ids.get(i);
                if (id < activeId) {
                    continue;
                }
                boolean last = i == ids.size() - 1;
                long size;
                try {
                    size = scan(id, id == activeId ? activeSize : 0, last);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // compacted since the listing: its live chunks were copied to a later segment
                }
                if (last) {
                    activeId = id;
                    activeSize = size;
                }
            }
            if (catalog.pending() >= SegmentIndex.MAX_RECENT) {
                checkpoint();
            }
        }
    }

    // ---------------------------------------------------------------- writes

    /** Appends one chunk (or tombstone) to the active segment and points the index at it. */
    void append(String key, byte[] chunk, long generation) throws IOException {
        if (readOnly) {
            throw new IllegalStateException("a follower never writes another node's disks (" + this + ")");
        }
        synchronized (appendLock) {
            if (activeSize > 0 && activeSize + chunk.length > segmentLimit) {
                activeId++;
                activeSize = 0;
                dirtyDirectory = true;
            }
            int id = activeId;
            Path file = file(id);
            faults.beforeWrite(file);
            FileChannel ch = open(id, true, false).channel;
            if (activeSize == 0) {
                dirtyDirectory = true;
            }
            ByteBuffer b = ByteBuffer.wrap(chunk);
            long pos = activeSize;
            try {
                while (b.hasRemaining()) {
                    pos += ch.write(b, pos);
                }
            } catch (IOException e) {
                ch.truncate(activeSize);
                throw e;
            }
            dirtySegments.add(id);
            boolean tombstone = ChunkCodec.isTombstone(chunk);
            catalog.put(key, new Loc(id, activeSize, chunk.length, generation, tombstone));
            activeSize += chunk.length;
            if (catalog.pending() >= SegmentIndex.MAX_RECENT) {
                // Bounded memory: the index checkpoints on its own after this many changes (one force per dirty segment).
                checkpoint();
            }
        }
    }

    /** Checkpoints the disk up to the end of its active segment; the caller holds the append lock. */
    void checkpoint() throws IOException {
        checkpoint(new SegmentIndex.Marker(activeId, activeSize));
    }

    /**
     * Forces the dirty segments (and the directory), then commits the index with {@code end} as
     * the marker: the index on disk only ever points at forced chunks.
     */
    private void checkpoint(SegmentIndex.Marker end) throws IOException {
        for (Integer id : List.copyOf(dirtySegments)) {
            faults.beforeForce(file(id));
            channel(id).force(false);
            dirtySegments.remove(id);
        }
        if (dirtyDirectory) {
            dirtyDirectory = false;
            DurableFiles.forceDirectory(segments);
        }
        faults.beforeForce(catalog.file());
        try {
            catalog.checkpoint(end);
        } catch (RuntimeException e) {
            throw new IOException("the index " + catalog.file() + " could not be written: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- compaction

    /** Whether segment {@code id} is one a compaction may reclaim: not the active one, and at most {@code maxLiveRatio} referenced; its size, or -1. */
    long reclaimable(int id, double maxLiveRatio) throws IOException {
        synchronized (appendLock) {
            if (id >= activeId || !online() || !Files.exists(file(id))) {
                return -1;
            }
            long size = Files.size(file(id));
            return catalog.liveBytes(id) > maxLiveRatio * size ? -1 : size;
        }
    }

    /** Copies a segment's live chunks to the active segment and deletes it; returns the chunks copied, or -1 if it was kept. */
    long rewrite(int id) throws IOException {
        faults.beforeRead(file(id));
        byte[] buf = Files.readAllBytes(file(id));
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
            synchronized (appendLock) {
                if (!online()) {
                    return -1;
                }
                Loc current = catalog.raw(s.chunk().key());
                if (current != null && current.segment() == id && current.offset() == pos) {
                    append(s.chunk().key(), java.util.Arrays.copyOfRange(buf, pos, pos + s.length()), s.chunk().generation());
                    moved++;
                }
            }
            pos += s.length();
        }
        synchronized (appendLock) {
            if (!online()) {
                return -1;
            }
            checkpoint();
            if (catalog.liveBytes(id) != 0) {
                return -1;
            }
            removed.add(id);
            closeChannel(id);
            dirtySegments.remove(id);
            faults.beforeDelete(file(id));
            Files.deleteIfExists(file(id));
            DurableFiles.forceDirectory(segments);
            catalog.forgetSegment(id);
        }
        return moved;
    }

    // ---------------------------------------------------------------- reads

    /**
     * The bytes at {@code loc}, as many as the segment holds there (a short read is the caller's
     * to judge). The file is taken for the read, so making room for other files does not close
     * it. A file closed under the read all the same (by another thread's interrupt, which closes a
     * {@code FileChannel} for everyone) is opened again and the read repeated, so it is not
     * mistaken for a damaged disk; one a compaction deleted is not reopened
     * ({@code NoSuchFileException}: the caller looks for the chunk's new place). An interrupt of
     * this thread ends the read.
     */
    byte[] read(Loc loc) throws IOException {
        faults.beforeRead(file(loc.segment()));
        for (int attempt = 0; ; attempt++) {
            Open open = open(loc.segment(), false, true);
            try {
                ByteBuffer b = ByteBuffer.allocate(loc.length());
                long pos = loc.offset();
                while (b.hasRemaining()) {
                    int n = open.channel.read(b, pos);
                    if (n < 0) {
                        break;
                    }
                    pos += n;
                }
                return b.position() == loc.length() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
            } catch (java.nio.channels.ClosedChannelException e) {
                forget(loc.segment(), open);
                if (e instanceof java.nio.channels.ClosedByInterruptException || Thread.currentThread().isInterrupted() || attempt >= 3) {
                    throw e;
                }
            } finally {
                open.release();
            }
        }
    }

    // ---------------------------------------------------------------- a replaced disk, and closing

    /**
     * Puts a replaced disk back in service: its index is discarded and rebuilt by scanning what
     * its directory holds (nothing, for a new disk), since whatever was there before may not
     * match it.
     */
    void reset(Consumer<String> findings) throws IOException {
        synchronized (appendLock) {
            closeChannels();
            dirtySegments.clear();
            removed.clear(); // a replaced disk numbers its segments from 0 again
            Files.createDirectories(segments);
            if (catalog != null) {
                catalog.close();
            }
            catalog = SegmentIndex.open(indexRoot, fingerprint());
            catalog.clear();
            activeId = -1;
            activeSize = 0;
            load(findings);
            bringOnline();
        }
    }

    /** Closes the segments and the index; a follower's index is checkpointed first, so its next start reads on from here. */
    void close() {
        if (readOnly && catalog != null) {
            synchronized (appendLock) {
                try {
                    checkpoint();
                } catch (IOException | RuntimeException e) {
                    // derived data: the next start scans further back
                }
            }
        }
        synchronized (this) {
            closed = true;
        }
        closeChannels();
        if (catalog != null) {
            catalog.close();
        }
    }
}
