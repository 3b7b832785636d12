package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The prepare journal of one node: one forced, CRC32C-protected record per prepared branch,
 * holding the branch's staged writes. A record exists exactly while its branch is in doubt.
 *
 * <p>Record layout: magic "SFVJ", version, formatId, gtrid, bqual, the generation, then each write
 * as (key, bytes), then a CRC32C over all of it. A record is written to a temporary file and
 * renamed into place, so a crash leaves either the whole record or none (a torn temporary file
 * is discarded at start-up).
 */
final class PrepareJournal {

    private static final int MAGIC = 0x53465650; // "SFVP"
    private static final short VERSION = 1;
    private static final String SUFFIX = ".prepared";
    private static final String CORRUPT_SUFFIX = ".corrupt";

    private final Path dir;

    /** A prepared branch read back from the journal. */
    record Entry(TxId tx, long generation, Map<String, byte[]> writes) {
    }

    PrepareJournal(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        DurableFiles.removeTemporaries(dir);
    }

    Path directory() {
        return dir;
    }

    void write(TxId tx, long generation, Map<String, byte[]> writes) throws IOException {
        DurableFiles.writeAtomically(dir.resolve(tx.fileName() + SUFFIX), encode(tx, generation, writes));
    }

    void remove(TxId tx) throws IOException {
        DurableFiles.deleteDurably(dir.resolve(tx.fileName() + SUFFIX));
    }

    /**
     * Reads every prepared record. A record that fails its CRC is renamed aside with the suffix
     * {@code .corrupt} and reported through {@code corrupt}; it is never silently dropped.
     */
    List<Entry> readAll(List<Path> corrupt) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (!p.getFileName().toString().endsWith(SUFFIX)) {
                    continue;
                }
                byte[] raw = Files.readAllBytes(p);
                try {
                    entries.add(decode(raw));
                } catch (CorruptChunkException e) {
                    Path aside = p.resolveSibling(p.getFileName() + CORRUPT_SUFFIX);
                    Files.move(p, aside);
                    corrupt.add(aside);
                }
            }
        }
        return entries;
    }

    static byte[] encode(TxId tx, long generation, Map<String, byte[]> writes) {
        int size = 4 + 2 + 4 + 2 + tx.gtridUnsafe().length + 2 + tx.bqualUnsafe().length + 8 + 4;
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            size += 2 + w.getKey().length() + 4 + w.getValue().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size + 4);
        b.putInt(MAGIC).putShort(VERSION).putInt(tx.getFormatId());
        b.putShort((short) tx.gtridUnsafe().length).put(tx.gtridUnsafe());
        b.putShort((short) tx.bqualUnsafe().length).put(tx.bqualUnsafe());
        b.putLong(generation).putInt(writes.size());
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            byte[] k = w.getKey().getBytes(StandardCharsets.US_ASCII);
            b.putShort((short) k.length).put(k).putInt(w.getValue().length).put(w.getValue());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static Entry decode(byte[] raw) throws CorruptChunkException {
        if (raw.length < 4 + 2 + 4 + 4) {
            throw new CorruptChunkException("journal record too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(raw, 0, raw.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(raw, raw.length - 4, 4).getInt()) {
            throw new CorruptChunkException("journal record CRC32C mismatch");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(raw, 0, raw.length - 4);
            if (b.getInt() != MAGIC || b.getShort() != VERSION) {
                throw new CorruptChunkException("journal record has a bad magic or version");
            }
            int formatId = b.getInt();
            byte[] gtrid = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(gtrid);
            byte[] bqual = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(bqual);
            long generation = b.getLong();
            int count = b.getInt();
            Map<String, byte[]> writes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] k = new byte[Short.toUnsignedInt(b.getShort())];
                b.get(k);
                byte[] v = new byte[b.getInt()];
                b.get(v);
                writes.put(new String(k, StandardCharsets.US_ASCII), v);
            }
            return new Entry(new TxId(formatId, gtrid, bqual), generation, writes);
        } catch (RuntimeException e) {
            throw new CorruptChunkException("journal record is malformed: " + e);
        }
    }
}
