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
 * <p>Each disk keeps an in-memory index from key to the latest chunk's place, rebuilt at start-up
 * by scanning its segments; chunks are self-describing, so the scan needs nothing else. A
 * tombstone chunk deletes a key. Appends are not forced one by one: the journal holds every
 * committed write until {@link #checkpoint()} has forced the segments written since the last
 * one, which costs one force per disk, not one per object. Reads verify every chunk; a missing,
 * damaged or misplaced chunk is rebuilt from the others, the right bytes are returned, and a good
 * chunk is appended in its place. With too few good chunks the read fails with
 * {@link Reason#UNRECOVERABLE}: it never returns wrong bytes.
 *
 * <p>Space held by deleted or superseded chunks is not reclaimed yet (no segment compaction);
 * objects are write-once and deletes are rare.
 */
final class RedundantStore {

    static final long SEGMENT_LIMIT = 64L << 20;
    static final String SUFFIX = ".seg";

    /** Where a chunk is: segment number, offset and length, and the generation it carries. */
    record Loc(int segment, long offset, int length, long generation) {
    }

    /** One disk directory, its segments and its index. */
    static final class Disk {
        final int index;
        final Path root;
        final Path segments;
        volatile String offlineReason;
        final Map<String, Loc> locations = new ConcurrentHashMap<>();
        final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
        final Set<Integer> dirtySegments = ConcurrentHashMap.newKeySet();
        final Object appendLock = new Object();
        volatile boolean dirtyDirectory;
        int activeId = -1;
        long activeSize;
        long damagedRegions;

        Disk(int index, Path root) {
            this.index = index;
            this.root = root;
            this.segments = root.resolve("segments");
        }

        boolean online() {
            return offlineReason == null;
        }

        Path file(int id) {
            return segments.resolve(String.format("%08x", id) + SUFFIX);
        }

        FileChannel channel(int id) throws IOException {
            FileChannel ch = channels.get(id);
            if (ch == null) {
                synchronized (this) {
                    ch = channels.get(id);
                    if (ch == null) {
                        ch = FileChannel.open(file(id), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                        channels.put(id, ch);
                    }
                }
            }
            return ch;
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

    RedundantStore(List<Path> roots, Codec codec, IoFaults faults) throws IOException {
        this.codec = codec;
        this.faults = faults;
        List<Disk> list = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            list.add(new Disk(i, roots.get(i)));
        }
        this.disks = List.copyOf(list);
        boolean fresh = disks.stream().noneMatch(d -> Files.isDirectory(d.segments));
        for (Disk d : disks) {
            if (fresh) {
                Files.createDirectories(d.segments);
            }
            if (!Files.isDirectory(d.segments)) {
                d.offlineReason = "directory " + d.segments + " is missing";
            } else if (!Files.isWritable(d.segments)) {
                d.offlineReason = "directory " + d.segments + " is not writable";
            } else {
                try {
                    load(d);
                } catch (IOException e) {
                    d.offlineReason = "cannot read its segments: " + e.getMessage();
                }
            }
        }
    }

    /** Rebuilds a disk's index by scanning its segments in order; cuts a torn tail off the last one. */
    private void load(Disk d) throws IOException {
        List<Integer> ids = new ArrayList<>();
        try (var files = Files.list(d.segments)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .forEach(n -> ids.add(Integer.parseInt(n.substring(0, n.length() - SUFFIX.length()), 16)));
        }
        ids.sort(null);
        Map<String, Long> deletedAt = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            faults.beforeRead(d.file(id));
            byte[] buf = Files.readAllBytes(d.file(id));
            int pos = 0;
            while (pos < buf.length) {
                ChunkCodec.Scanned s = ChunkCodec.parse(buf, pos);
                if (s != null) {
                    index(d, s.chunk(), new Loc(id, pos, s.length(), s.chunk().generation()), deletedAt);
                    pos += s.length();
                    continue;
                }
                int next = nextChunk(buf, pos + 1);
                if (next < 0) {
                    if (i == ids.size() - 1) {
                        // A torn append at the end of the active segment: it was never acknowledged
                        // (its commit is still in the journal and will be redone).
                        try (FileChannel ch = FileChannel.open(d.file(id), StandardOpenOption.WRITE)) {
                            ch.truncate(pos);
                        }
                        buf = java.util.Arrays.copyOf(buf, pos);
                    } else {
                        d.damagedRegions++;
                    }
                    break;
                }
                // Damage inside a segment: the chunks it held are missing on this disk and are
                // rebuilt from the other disks when read or scrubbed.
                d.damagedRegions++;
                pos = next;
            }
            if (i == ids.size() - 1) {
                d.activeId = id;
                d.activeSize = buf.length;
            }
        }
        if (d.activeId < 0) {
            d.activeId = 0;
            d.activeSize = 0;
        }
    }

    /**
     * Points the index at a chunk found by a scan, unless it cannot be this disk's current chunk
     * of its key: a chunk of another shard (misdirected here), or one older than what the index
     * already holds or than a later deletion. Newer generations win; at equal generation the
     * later chunk (a repair) wins.
     */
    private void index(Disk d, ChunkCodec.Chunk c, Loc loc, Map<String, Long> deletedAt) {
        String key = c.key();
        if (c.count() == ChunkCodec.TOMBSTONE) {
            Loc current = d.locations.get(key);
            if (current == null || current.generation() <= c.generation()) {
                d.locations.remove(key);
            }
            deletedAt.merge(key, c.generation(), Math::max);
            return;
        }
        if (c.count() != codec.shardCount() || c.index() != codec.shardOn(key, d.index)) {
            d.damagedRegions++;
            return;
        }
        Long deleted = deletedAt.get(key);
        if (deleted != null && deleted >= c.generation()) {
            return;
        }
        Loc current = d.locations.get(key);
        if (current == null || current.generation() <= c.generation()) {
            d.locations.put(key, loc);
        }
    }

    private static int nextChunk(byte[] buf, int from) {
        for (int p = from; p + ChunkCodec.FIXED_HEADER <= buf.length; p++) {
            if (buf[p] == 'S' && buf[p + 1] == 'F' && buf[p + 2] == 'V' && buf[p + 3] == 'C' && ChunkCodec.parse(buf, p) != null) {
                return p;
            }
        }
        return -1;
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

    // ---------------------------------------------------------------- writes

    /**
     * Writes an object's chunks to every disk in service; needs at least as many as a read needs.
     * A disk that already holds this generation of the object is skipped, so redoing a commit
     * from the journal does not append it twice.
     */
    void write(String key, long generation, byte[] data) throws IOException {
        byte[][] shards = null;
        int written = 0;
        IOException last = null;
        for (Disk d : disks) {
            if (!checkOnline(d)) {
                continue;
            }
            Loc existing = d.locations.get(key);
            if (existing != null && existing.generation() == generation) {
                written++;
                continue;
            }
            if (shards == null) {
                shards = codec.encode(data);
            }
            int shard = codec.shardOn(key, d.index);
            try {
                append(d, key, ChunkCodec.encode(key, shard, codec.shardCount(), generation, data.length, shards[shard]), generation);
                written++;
            } catch (IOException e) {
                takeOffline(d, "write failed: " + e.getMessage());
                last = e;
            }
        }
        if (written < codec.required()) {
            IOException e = new IOException("object " + key + " reached only " + written + " disk(s); the layout needs "
                    + codec.required() + (last == null ? "" : " (" + last.getMessage() + ")"));
            if (last != null) {
                e.addSuppressed(last);
            }
            throw e;
        }
    }

    /** One write of a batch: {@code data == null} deletes the key. */
    record Op(String key, byte[] data, long generation) {
    }

    /**
     * Applies a batch of committed writes, in order, to every disk in service, the disks in
     * parallel. Idempotent (a disk that holds a generation already skips it), so a failed batch
     * can simply be applied again.
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
                            if (d.locations.containsKey(op.key())) {
                                append(d, op.key(), ChunkCodec.tombstone(op.key(), op.generation()), op.generation());
                            }
                        } else {
                            Loc existing = d.locations.get(op.key());
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
            perDisk.add(disks.size() > 1 ? FORCERS.submit(task) : java.util.concurrent.CompletableFuture.completedFuture(callUnchecked(task)));
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
        synchronized (d.appendLock) {
            if (d.activeSize > 0 && d.activeSize + chunk.length > SEGMENT_LIMIT) {
                d.activeId++;
                d.activeSize = 0;
                d.dirtyDirectory = true;
            }
            int id = d.activeId;
            Path file = d.file(id);
            faults.beforeWrite(file);
            FileChannel ch = d.channel(id);
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
            Loc loc = new Loc(id, d.activeSize, chunk.length, generation);
            d.activeSize += chunk.length;
            if (ChunkCodec.TOMBSTONE == java.nio.ByteBuffer.wrap(chunk, 10, 2).getShort()) {
                d.locations.remove(key);
            } else {
                d.locations.put(key, loc);
            }
        }
    }

    void delete(String key, long generation) {
        for (Disk d : disks) {
            if (!checkOnline(d) || !d.locations.containsKey(key)) {
                continue;
            }
            try {
                append(d, key, ChunkCodec.tombstone(key, generation), generation);
            } catch (IOException e) {
                takeOffline(d, "delete failed: " + e.getMessage());
            }
        }
    }

    /** Threads that force segments of several disks at once. */
    private static final java.util.concurrent.ExecutorService FORCERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "steadfast-vault-checkpoint");
        t.setDaemon(true);
        return t;
    });

    /** Forces every segment appended to since the last checkpoint, one force per segment, disks in parallel. */
    void checkpoint() throws IOException {
        List<java.util.concurrent.Future<IOException>> results = new ArrayList<>();
        for (Disk d : disks) {
            if (!d.online() || (d.dirtySegments.isEmpty() && !d.dirtyDirectory)) {
                continue;
            }
            results.add(FORCERS.submit(() -> {
                try {
                    for (Integer id : List.copyOf(d.dirtySegments)) {
                        // Clean before the force, not after: an append during the force marks it dirty again
                        // (a checkpoint may run while the applier appends, see Vault#rotateIfNeeded).
                        d.dirtySegments.remove(id);
                        faults.beforeForce(d.file(id));
                        d.channel(id).force(false);
                    }
                    if (d.dirtyDirectory) {
                        d.dirtyDirectory = false;
                        DurableFiles.forceDirectory(d.segments);
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

    void close() {
        for (Disk d : disks) {
            d.closeChannels();
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
            Loc loc = d.locations.get(key);
            if (loc == null) {
                bad.add(d);
                continue;
            }
            present++;
            int shard = codec.shardOn(key, d.index);
            try {
                ChunkCodec.Chunk c = ChunkCodec.decode(readChunk(d, loc), key, shard);
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
            if (!checkOnline(d)) {
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
            if (checkOnline(d) && d.locations.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    List<String> list(String prefix) {
        Set<String> keys = new TreeSet<>();
        for (Disk d : disks) {
            if (checkOnline(d)) {
                for (String k : d.locations.keySet()) {
                    if (k.startsWith(prefix)) {
                        keys.add(k);
                    }
                }
            }
        }
        return List.copyOf(keys);
    }

    /** Where a disk holds a key's chunk (for fault-injection tests). */
    Optional<Loc> location(int disk, String key) {
        return Optional.ofNullable(disks.get(disk).locations.get(key));
    }

    Path segmentFile(int disk, int segment) {
        return disks.get(disk).file(segment);
    }

    // ---------------------------------------------------------------- scrub and rebuild

    /**
     * Reads and verifies every chunk of every object, repairing what it can.
     *
     * @param bytesPerSecond throttle (0 for none), so a scrub does not starve payments of disk time
     * @param progress       told (objects done, objects in total) after each object
     * @param inFlight       objects to skip because a commit is still writing them
     */
    ScrubReport scrub(long bytesPerSecond, BiConsumer<Long, Long> progress, Predicate<String> inFlight) {
        List<String> keys = list("").stream().filter(inFlight.negate()).toList();
        long start = System.nanoTime();
        long bytes = 0;
        long checked = 0;
        long errors = 0;
        long[] repaired = new long[1];
        List<String> unrecoverable = new ArrayList<>();
        long done = 0;
        for (String key : keys) {
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
            progress.accept(done, (long) keys.size());
            if (bytesPerSecond > 0) {
                long wait = start + bytes * 1_000_000_000L / bytesPerSecond - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }
        return new ScrubReport(done, checked, errors, repaired[0], List.copyOf(unrecoverable));
    }

    /**
     * Puts a replaced disk back in service: its index is rebuilt from what its directory holds
     * (nothing, for a new disk). Refilling it is a {@link #scrub}, which the vault runs next.
     */
    void bringBack(int diskIndex) throws IOException {
        if (diskIndex < 0 || diskIndex >= disks.size()) {
            throw new IllegalArgumentException("there is no disk " + diskIndex + "; disks are 0.." + (disks.size() - 1));
        }
        Disk d = disks.get(diskIndex);
        synchronized (d.appendLock) {
            d.closeChannels();
            d.locations.clear();
            d.dirtySegments.clear();
            Files.createDirectories(d.segments);
            d.activeId = -1;
            d.activeSize = 0;
            load(d);
            synchronized (d) {
                d.offlineReason = null;
            }
        }
    }
}
