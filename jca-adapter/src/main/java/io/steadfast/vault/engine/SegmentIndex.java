package io.steadfast.vault.engine;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One disk's index, on that disk: for every key, where its current chunk (or tombstone) lies in
 * the disk's segments, and how many bytes of each segment are still referenced. It is kept in an
 * H2 {@link MVStore} ({@code <disk>/index/index.mv}, the H2 that WildFly ships as module
 * {@code com.h2database.h2}), so the heap holds a bounded page cache instead of one entry per
 * stored object.
 *
 * <p>The store is only committed at a <em>checkpoint</em>: after the disk's segments have been
 * forced, the entries changed since the last checkpoint (held in memory until then) are written
 * together with the live byte counts and the <em>marker</em>, the end of the segments at that
 * moment, in one MVStore commit that is then synced. So the index on disk never points at a chunk
 * that is not durable, and after a crash the disk only has to scan what was appended after the
 * marker (chunks are self-describing). Auto-commit is off: a partial state is never written.
 *
 * <p>The index is derived data. A missing, unreadable or foreign index (another layout, another
 * disk position) is discarded and rebuilt by scanning every segment, as before the index existed.
 *
 * <p>Callers hold the disk's append lock for every change ({@link #put}, {@link #checkpoint},
 * {@link #clear}); reads need no lock.
 */
final class SegmentIndex implements AutoCloseable {

    static final String DIRECTORY = "index";
    static final String FILE = "index.mv";
    static final String FORMAT = "1";
    /** Changed entries held in memory before the store checkpoints the disk on its own. */
    static final int MAX_RECENT = 50_000;
    /** The same while a lost index is rebuilt by a full scan: fewer, larger checkpoints (each rewrites much of the tree). */
    static final int MAX_RECENT_REBUILD = 200_000;
    /** MVStore page cache per disk, in MB: the heap the index may use, whatever the number of objects. */
    static final int CACHE_MB = 2;

    /** Where the checkpointed part of a disk's segments ends: the scan at start-up begins here. */
    record Marker(int segment, long offset) {
    }

    private final Path file;
    private final String fingerprint;
    private final MVStore store;
    /** key -> {segment, offset, length (negative for a tombstone), generation}. */
    private final MVMap<String, long[]> entries;
    /** segment -> {bytes of it that the index references, end of the last chunk the index pointed into}. */
    private final MVMap<Integer, long[]> segments;
    private final MVMap<String, String> meta;
    private final Map<String, SegmentLog.Loc> recent = new ConcurrentHashMap<>();
    private final Map<Integer, Long> live = new ConcurrentHashMap<>();
    private final Map<Integer, Long> ends = new ConcurrentHashMap<>();
    private volatile Marker marker;
    private final String finding;

    private SegmentIndex(Path file, String fingerprint, MVStore store, String finding) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.store = store;
        this.entries = store.openMap("entries");
        this.segments = store.openMap("segments");
        this.meta = store.openMap("meta");
        String why = finding;
        String stored = meta.get("fingerprint");
        String at = meta.get("marker");
        if (stored != null && !stored.equals(fingerprint)) {
            why = "the index of " + file + " was written for another layout (" + stored + ", now " + fingerprint + ")";
        } else if (stored != null && at != null) {
            String[] f = at.split(":");
            this.marker = new Marker(Integer.parseInt(f[0]), Long.parseLong(f[1]));
            segments.forEach((segment, v) -> {
                live.put(segment, v[0]);
                ends.put(segment, v[1]);
            });
        }
        this.finding = why;
        if (marker == null) {
            clearStored();
        }
    }

    /**
     * Opens (or creates) the index of the disk at {@code root}. An index that cannot be read is
     * deleted and started afresh; {@link #finding()} says why, and {@link #marker()} is null, so
     * the caller rebuilds it by a full scan.
     */
    static SegmentIndex open(Path root, String fingerprint) throws IOException {
        Path dir = root.resolve(DIRECTORY);
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        boolean existed = Files.exists(file);
        try {
            return new SegmentIndex(file, fingerprint, openStore(file), existed ? null : "no index at " + file);
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                // Another process has this disk open: its index is not ours to throw away.
                throw new IOException("the index " + file + " is in use by another process", e);
            }
            return rebuilt(file, fingerprint, e);
        } catch (RuntimeException e) {
            return rebuilt(file, fingerprint, e);
        }
    }

    /** Replaces an index that could not be read (corrupt, or a value of the wrong type) with an empty one. */
    private static SegmentIndex rebuilt(Path file, String fingerprint, RuntimeException e) throws IOException {
        Files.deleteIfExists(file);
        return new SegmentIndex(file, fingerprint, openStore(file), "the index at " + file + " could not be read ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }

    private static MVStore openStore(Path file) {
        // Pages of up to 256 keys (H2's default is 48): a tree of fewer, larger pages, so the
        // store's per-chunk metadata (table of contents, occupancy) that scales with the number of
        // pages stays small; the heap then stays flat as the vault grows (PERFORMANCE.md, issue 10).
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(CACHE_MB)
                .keysPerPage(256).pageSplitSize(64 << 10).open();
        // Old chunks of the file may be reused as soon as they hold nothing live: every commit is
        // synced before the next one writes, so no older version is needed to survive a crash.
        // With the default (45 s) a busy vault's index file grew to several times its live size.
        store.setRetentionTime(0);
        return store;
    }

    /** The end of the checkpointed segments, or null when the index holds nothing yet (scan everything). */
    Marker marker() {
        return marker;
    }

    /** Why this index starts empty although the disk may hold chunks (null for an index that was read). */
    String finding() {
        return finding;
    }

    /** The entry of {@code key}, tombstones included. */
    SegmentLog.Loc raw(String key) {
        SegmentLog.Loc l = recent.get(key);
        if (l != null) {
            return l;
        }
        long[] v = entries.get(key);
        return v == null ? null : decode(v);
    }

    /** Where the current chunk of {@code key} lies, or null when the disk holds none (or a tombstone). */
    SegmentLog.Loc get(String key) {
        SegmentLog.Loc l = raw(key);
        return l == null || l.deleted() ? null : l;
    }

    /** Points {@code key} at {@code loc} (a chunk or a tombstone); the caller holds the append lock. */
    void put(String key, SegmentLog.Loc loc) {
        SegmentLog.Loc old = raw(key);
        if (old != null) {
            live.merge(old.segment(), (long) -old.length(), Long::sum);
        }
        live.merge(loc.segment(), (long) loc.length(), Long::sum);
        ends.merge(loc.segment(), loc.offset() + loc.length(), Math::max);
        recent.put(key, loc);
    }

    /** Entries changed since the last checkpoint. */
    int pending() {
        return recent.size();
    }

    /** Bytes of {@code segment} that the index references. */
    long liveBytes(int segment) {
        return live.getOrDefault(segment, 0L);
    }

    /** Where the last chunk the index ever pointed into {@code segment} ends: the segment is at least this long. */
    long end(int segment) {
        return ends.getOrDefault(segment, 0L);
    }

    /** The segments the index counts bytes for. */
    Set<Integer> countedSegments() {
        return Set.copyOf(live.keySet());
    }

    /** Forgets a segment that holds no referenced byte (deleted by compaction, or gone). */
    void forgetSegment(int segment) {
        live.remove(segment);
        ends.remove(segment);
    }

    /**
     * Writes the entries changed since the last checkpoint, the live byte counts and {@code end}
     * in one commit, and syncs it. The segments up to {@code end} must already be forced.
     */
    void checkpoint(Marker end) {
        // In key order: each leaf page of the tree is then changed once, in one pass.
        Map<String, SegmentLog.Loc> moved = new TreeMap<>(recent);
        for (Map.Entry<String, SegmentLog.Loc> e : moved.entrySet()) {
            entries.put(e.getKey(), encode(e.getValue()));
        }
        for (Map.Entry<Integer, Long> e : live.entrySet()) {
            segments.put(e.getKey(), new long[] {e.getValue(), ends.getOrDefault(e.getKey(), 0L)});
        }
        for (Integer s : List.copyOf(segments.keySet())) {
            if (!live.containsKey(s)) {
                segments.remove(s);
            }
        }
        meta.put("fingerprint", fingerprint);
        meta.put("format", FORMAT);
        meta.put("marker", end.segment() + ":" + end.offset());
        store.commit();
        store.sync();
        // Reads look here first, then in the store: an entry leaves memory only once the store has it.
        moved.forEach(recent::remove);
        marker = end;
        // Random keys leave a few live pages in each older chunk of the file; rewrite every chunk
        // that is less than half live, so their space is reused instead of the file (and the
        // store's per-chunk metadata on the heap) growing with every checkpoint.
        if (store.compact(50, Integer.MAX_VALUE)) {
            store.commit();
            store.sync();
        }
    }

    /** Empties the index (the caller then rebuilds it by a full scan); nothing is committed until the next checkpoint. */
    void clear() {
        recent.clear();
        live.clear();
        ends.clear();
        marker = null;
        clearStored();
    }

    private void clearStored() {
        entries.clear();
        segments.clear();
        meta.remove("marker");
    }

    /**
     * Up to {@code limit} keys of current chunks greater than {@code after} (null: from the first)
     * that start with {@code prefix}, in order.
     */
    SortedSet<String> keys(String prefix, String after, int limit) {
        TreeSet<String> out = new TreeSet<>();
        String from = after == null || after.compareTo(prefix) < 0 ? prefix : after;
        Cursor<String, long[]> c = entries.cursor(from);
        while (c.hasNext() && out.size() < limit) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            if ((after != null && k.equals(after)) || recent.containsKey(k)) {
                continue;
            }
            if (c.getValue()[2] >= 0) {
                out.add(k);
            }
        }
        for (Map.Entry<String, SegmentLog.Loc> e : recent.entrySet()) {
            String k = e.getKey();
            if (!e.getValue().deleted() && k.startsWith(prefix) && (after == null || k.compareTo(after) > 0)) {
                out.add(k);
            }
        }
        while (out.size() > limit) {
            out.remove(out.last());
        }
        return out;
    }

    /** Entries (tombstones included), for progress estimates. */
    long size() {
        return entries.sizeAsLong() + recent.size();
    }

    Path file() {
        return file;
    }

    /** Closes the store; an unsynced change (there is none outside a checkpoint) is dropped, not written. */
    @Override
    public void close() {
        if (!store.isClosed()) {
            store.closeImmediately();
        }
    }

    private static long[] encode(SegmentLog.Loc l) {
        return new long[] {l.segment(), l.offset(), l.deleted() ? -1 - l.length() : l.length(), l.generation()};
    }

    private static SegmentLog.Loc decode(long[] v) {
        boolean deleted = v[2] < 0;
        int length = (int) (deleted ? -1 - v[2] : v[2]);
        return new SegmentLog.Loc((int) v[0], v[1], length, v[3], deleted);
    }
}
