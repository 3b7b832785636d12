package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultException;
import io.steadfast.vault.api.VaultException.Reason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Committed objects, spread over the disks by the layout's {@link Codec}: one chunk file per disk
 * per object, at {@code <disk>/objects/<key>}.
 *
 * <p>Writes are not forced one by one: the journal holds every committed write until
 * {@link #checkpoint()} has forced the chunk files, so a crash before then is redone from the
 * journal. Reads verify every chunk; a missing, damaged or misplaced chunk is rebuilt from the
 * others, the right bytes are returned, and the chunk is rewritten. When too few good chunks are
 * left, the read fails with {@link Reason#UNRECOVERABLE}: it never returns wrong bytes.
 */
final class RedundantStore {

    /** One disk directory and whether it is in service. */
    static final class Disk {
        final int index;
        final Path root;
        final Path objects;
        volatile String offlineReason;

        Disk(int index, Path root) {
            this.index = index;
            this.root = root;
            this.objects = root.resolve("objects");
        }

        boolean online() {
            return offlineReason == null;
        }

        @Override
        public String toString() {
            return "disk " + index + " (" + root + ")";
        }
    }

    private final List<Disk> disks;
    private final Codec codec;
    private final IoFaults faults;
    private final Set<Path> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicLong repairs = new AtomicLong();

    RedundantStore(List<Path> roots, Codec codec, IoFaults faults) throws IOException {
        this.codec = codec;
        this.faults = faults;
        List<Disk> list = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            list.add(new Disk(i, roots.get(i)));
        }
        this.disks = List.copyOf(list);
        boolean fresh = disks.stream().noneMatch(d -> Files.isDirectory(d.objects));
        for (Disk d : disks) {
            if (fresh) {
                Files.createDirectories(d.objects);
            }
            if (!Files.isDirectory(d.objects)) {
                d.offlineReason = "directory " + d.objects + " is missing";
            } else if (!Files.isWritable(d.objects)) {
                d.offlineReason = "directory " + d.objects + " is not writable";
            } else {
                DurableFiles.removeTemporaries(d.objects);
            }
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

    private void takeOffline(Disk d, String reason) {
        if (d.online()) {
            d.offlineReason = reason;
        }
    }

    private boolean checkOnline(Disk d) {
        if (d.online() && !Files.isDirectory(d.objects)) {
            takeOffline(d, "directory " + d.objects + " disappeared");
        }
        return d.online();
    }

    // ---------------------------------------------------------------- writes

    /** Writes an object's chunks to every disk in service; needs at least as many as a read needs. */
    void write(String key, long generation, byte[] data) throws IOException {
        byte[][] shards = codec.encode(data);
        int written = 0;
        IOException last = null;
        for (Disk d : disks) {
            if (!checkOnline(d)) {
                continue;
            }
            int shard = codec.shardOn(key, d.index);
            try {
                writeChunk(d, key, ChunkCodec.encode(key, shard, codec.shardCount(), generation, data.length, shards[shard]));
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

    private void writeChunk(Disk d, String key, byte[] chunk) throws IOException {
        Path target = d.objects.resolve(key);
        Path tmp = d.objects.resolve(key + "." + Thread.currentThread().getId() + DurableFiles.TEMP_SUFFIX);
        faults.beforeWrite(target);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(chunk);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        dirty.add(target);
    }

    void delete(String key) {
        for (Disk d : disks) {
            if (!checkOnline(d)) {
                continue;
            }
            try {
                if (Files.deleteIfExists(d.objects.resolve(key))) {
                    dirty.add(d.objects);
                }
            } catch (IOException e) {
                takeOffline(d, "delete failed: " + e.getMessage());
            }
        }
    }

    /** Threads that force chunk files at a checkpoint; concurrent forces share the file system's journal commits. */
    private static final java.util.concurrent.ForkJoinPool FORCERS = new java.util.concurrent.ForkJoinPool(16);

    /** Forces every chunk written since the last checkpoint, and the folders that name them. */
    void checkpoint() throws IOException {
        List<Path> batch = new ArrayList<>(dirty);
        Set<Path> dirs = ConcurrentHashMap.newKeySet();
        try {
            FORCERS.submit(() -> batch.parallelStream().forEach(p -> {
                try {
                    if (Files.isDirectory(p)) {
                        dirs.add(p);
                    } else {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            faults.beforeForce(p);
                            ch.force(true);
                        } catch (NoSuchFileException gone) {
                            // deleted since; its folder is forced below
                        }
                        dirs.add(p.getParent());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during a checkpoint");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof java.io.UncheckedIOException u ? u.getCause() : new IOException(c);
        }
        batch.forEach(dirty::remove);
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                DurableFiles.forceDirectory(dir);
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /** The result of reading every chunk of an object. */
    private record Survey(byte[][] shards, long objectLength, long generation, int filesFound, int errors, List<Disk> bad) {
    }

    private Survey survey(String key) {
        int n = codec.shardCount();
        ChunkCodec.Chunk[] found = new ChunkCodec.Chunk[n];
        Disk[] holder = new Disk[n];
        List<Disk> bad = new ArrayList<>();
        int files = 0;
        int errors = 0;
        long generation = -1;
        for (Disk d : disks) {
            if (!checkOnline(d)) {
                continue;
            }
            Path p = d.objects.resolve(key);
            byte[] raw;
            try {
                faults.beforeRead(p);
                raw = Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                bad.add(d);
                continue;
            } catch (IOException e) {
                files++;
                errors++;
                bad.add(d);
                continue;
            }
            files++;
            int shard = codec.shardOn(key, d.index);
            try {
                ChunkCodec.Chunk c = ChunkCodec.decode(raw, key, shard);
                if (c.count() != n) {
                    throw new CorruptChunkException("chunk count " + c.count() + " does not match the layout's " + n);
                }
                found[shard] = c;
                holder[shard] = d;
                generation = Math.max(generation, c.generation());
            } catch (CorruptChunkException e) {
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
                // a stale chunk of an older object under the same key
                errors++;
                bad.add(holder[s]);
                continue;
            }
            shards[s] = c.payload();
            length = c.objectLength();
        }
        return new Survey(shards, length, generation, files, errors, bad);
    }

    Optional<byte[]> read(String key) {
        Survey s = survey(key);
        if (s.filesFound() == 0) {
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
                writeChunk(d, key, ChunkCodec.encode(key, shard, codec.shardCount(), s.generation(), object.length, shards[shard]));
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
            if (checkOnline(d) && Files.exists(d.objects.resolve(key))) {
                return true;
            }
        }
        return false;
    }

    List<String> list(String prefix) throws IOException {
        Set<String> keys = new TreeSet<>();
        for (Disk d : disks) {
            if (!checkOnline(d)) {
                continue;
            }
            try (var files = Files.list(d.objects)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(prefix) && !n.endsWith(DurableFiles.TEMP_SUFFIX))
                        .forEach(keys::add);
            }
        }
        return List.copyOf(keys);
    }

    // ---------------------------------------------------------------- scrub and rebuild

    /**
     * Reads and verifies every chunk of every object, repairing what it can.
     *
     * @param bytesPerSecond throttle (0 for none), so a scrub does not starve payments of disk time
     * @param progress       told (objects done, objects in total) after each object
     */
    ScrubReport scrub(long bytesPerSecond, BiConsumer<Long, Long> progress, java.util.function.Predicate<String> inFlight) throws IOException {
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
            checked += s.filesFound();
            errors += s.errors() + Math.max(0, s.bad().size() - s.errors());
            if (!s.bad().isEmpty() && s.filesFound() > 0) {
                try {
                    byte[] o = rebuild(key, s, repaired);
                    bytes += o.length;
                } catch (VaultException e) {
                    unrecoverable.add(key);
                }
            } else if (s.objectLength() > 0) {
                bytes += s.objectLength();
            }
            done++;
            progress.accept(done, (long) keys.size());
            if (bytesPerSecond > 0) {
                long due = start + bytes * 1_000_000_000L / bytesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        return new ScrubReport(done, checked, errors, repaired[0], List.copyOf(unrecoverable));
    }

    /** Puts a replaced (empty) disk back in service and refills it from the others. */
    ScrubReport rebuild(int diskIndex, BiConsumer<Long, Long> progress, java.util.function.Predicate<String> inFlight) throws IOException {
        if (diskIndex < 0 || diskIndex >= disks.size()) {
            throw new IllegalArgumentException("there is no disk " + diskIndex + "; disks are 0.." + (disks.size() - 1));
        }
        Disk d = disks.get(diskIndex);
        Files.createDirectories(d.objects);
        DurableFiles.removeTemporaries(d.objects);
        d.offlineReason = null;
        ScrubReport report = scrub(0, progress, inFlight);
        checkpoint();
        return report;
    }
}
