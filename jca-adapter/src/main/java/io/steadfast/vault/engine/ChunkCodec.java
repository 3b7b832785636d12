package io.steadfast.vault.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk chunk format. Every chunk is self-describing and self-checking:
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "SFVC"
 * 4       2     format version (1)
 * 6       2     key length K (bytes, ASCII)
 * 8       2     chunk index
 * 10      2     chunk count (data + parity chunks of the object)
 * 12      8     generation (when the object was written, a per-vault counter)
 * 20      8     object length (bytes of the whole object)
 * 28      4     payload length P
 * 32      K     object key
 * 32+K    P     payload
 * 32+K+P  4     CRC32C over everything before it
 * </pre>
 *
 * The key and index in the header catch misdirected writes (a chunk landing in another chunk's
 * place); the CRC catches bit rot; the lengths and the CRC catch torn writes.
 */
public final class ChunkCodec {

    static final int MAGIC = 0x53465643; // "SFVC"
    static final short VERSION = 1;
    static final int FIXED_HEADER = 32;
    static final int TRAILER = 4;

    private ChunkCodec() {
    }

    /** The decoded header and payload of a verified chunk. */
    public record Chunk(String key, int index, int count, long generation, long objectLength, byte[] payload) {

        /** Whether this chunk deletes its key (a tombstone) rather than holding part of an object. */
        public boolean tombstone() {
            return count == TOMBSTONE;
        }
    }

    public static byte[] encode(String key, int index, int count, long generation, long objectLength, byte[] payload) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(FIXED_HEADER + k.length + payload.length + TRAILER);
        b.putInt(MAGIC).putShort(VERSION).putShort((short) k.length)
                .putShort((short) index).putShort((short) count)
                .putLong(generation).putLong(objectLength).putInt(payload.length)
                .put(k).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Chunk count of a tombstone: the record that deletes a key from a segment. */
    private static final int TOMBSTONE = 0;

    static byte[] tombstone(String key, long generation) {
        return encode(key, 0, TOMBSTONE, generation, 0, new byte[0]);
    }

    /** A chunk found while scanning a segment, and where the next one starts. */
    record Scanned(Chunk chunk, int length) {
    }

    /** Whether {@code chunk}, as {@link #encode} or {@link #tombstone} made it, is a tombstone. */
    static boolean isTombstone(byte[] chunk) {
        return ByteBuffer.wrap(chunk, 10, 2).getShort() == TOMBSTONE;
    }

    /**
     * Where the next whole, intact chunk starts in {@code buf} at or after {@code from}, or -1:
     * how a scan steps over damaged bytes to the chunk after them.
     */
    static int nextChunk(byte[] buf, int from) {
        for (int p = from; p + FIXED_HEADER <= buf.length; p++) {
            if (ByteBuffer.wrap(buf, p, 4).getInt() == MAGIC && parse(buf, p) != null) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Parses the chunk that starts at {@code pos} without knowing whose it is (segment scans).
     * Returns null when no valid chunk starts there.
     */
    static Scanned parse(byte[] buf, int pos) {
        if (pos + FIXED_HEADER + TRAILER > buf.length) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, pos, buf.length - pos);
        if (b.getInt() != MAGIC || b.getShort() != VERSION) {
            return null;
        }
        int keyLength = Short.toUnsignedInt(b.getShort());
        b.position(b.position() + 2 + 2 + 8 + 8);
        int payloadLength = b.getInt();
        long size = (long) FIXED_HEADER + keyLength + (long) payloadLength + TRAILER;
        if (payloadLength < 0 || pos + size > buf.length) {
            return null;
        }
        byte[] one = java.util.Arrays.copyOfRange(buf, pos, pos + (int) size);
        String key = new String(one, FIXED_HEADER, keyLength, StandardCharsets.US_ASCII);
        int index = Short.toUnsignedInt(ByteBuffer.wrap(one, 8, 2).getShort());
        try {
            return new Scanned(decode(one, key, index), (int) size);
        } catch (CorruptChunkException e) {
            return null;
        }
    }

    /**
     * Verifies and decodes a chunk that must belong to {@code expectedKey} at {@code expectedIndex}.
     *
     * @throws CorruptChunkException naming what failed
     */
    public static Chunk decode(byte[] bytes, String expectedKey, int expectedIndex) throws CorruptChunkException {
        if (bytes.length < FIXED_HEADER + TRAILER) {
            throw new CorruptChunkException("chunk is " + bytes.length + " bytes, shorter than a header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new CorruptChunkException("bad magic");
        }
        short version = b.getShort();
        if (version != VERSION) {
            throw new CorruptChunkException("unknown chunk format version " + version);
        }
        int keyLength = Short.toUnsignedInt(b.getShort());
        int index = Short.toUnsignedInt(b.getShort());
        int count = Short.toUnsignedInt(b.getShort());
        long generation = b.getLong();
        long objectLength = b.getLong();
        int payloadLength = b.getInt();
        long expectedSize = (long) FIXED_HEADER + keyLength + (long) payloadLength + TRAILER;
        if (payloadLength < 0 || expectedSize != bytes.length) {
            throw new CorruptChunkException("chunk length " + bytes.length + " does not match its header (" + expectedSize + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER);
        int stored = ByteBuffer.wrap(bytes, bytes.length - TRAILER, TRAILER).getInt();
        if ((int) crc.getValue() != stored) {
            throw new CorruptChunkException("CRC32C mismatch");
        }
        String key = new String(bytes, FIXED_HEADER, keyLength, StandardCharsets.US_ASCII);
        if (!key.equals(expectedKey) || index != expectedIndex) {
            throw new CorruptChunkException("misdirected chunk: holds " + key + "#" + index
                    + " where " + expectedKey + "#" + expectedIndex + " belongs");
        }
        byte[] payload = new byte[payloadLength];
        System.arraycopy(bytes, FIXED_HEADER + keyLength, payload, 0, payloadLength);
        return new Chunk(key, index, count, generation, objectLength, payload);
    }
}
