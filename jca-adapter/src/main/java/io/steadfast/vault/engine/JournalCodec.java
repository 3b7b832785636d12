package io.steadfast.vault.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The journal's record format, known only here ({@link Journal} writes and reads records, this
 * class says what their bytes are):
 *
 * <pre>
 * record = magic "SFVR" (4) | type (1) | payload length (4) | payload | CRC32C over type, length, payload (4)
 * </pre>
 *
 * and the payloads of its record types: a branch (PREPARE, ONE_PHASE: its transaction, its
 * generation and its writes, a delete written as length -1) and a transaction id (COMMIT,
 * ROLLBACK).
 */
final class JournalCodec {

    static final int MAGIC = 0x53465652; // "SFVR"
    /** Bytes a record adds to its payload. */
    static final int OVERHEAD = 4 + 1 + 4 + 4;

    /** Record types. */
    static final byte PREPARE = 1;
    static final byte COMMIT = 2;
    static final byte ROLLBACK = 3;
    static final byte ONE_PHASE = 4;

    private JournalCodec() {
    }

    /** A parsed record. */
    record Entry(byte type, byte[] payload) {
    }

    /** Whether a whole, intact record starts at {@code pos}. */
    static boolean recordAt(byte[] buf, int pos) {
        return pos + OVERHEAD <= buf.length && ByteBuffer.wrap(buf, pos, 4).getInt() == MAGIC && parseAt(buf, pos) != null;
    }

    static Entry parseAt(byte[] buf, int pos) {
        if (pos + OVERHEAD > buf.length) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, pos, buf.length - pos);
        if (b.getInt() != MAGIC) {
            return null;
        }
        byte type = b.get();
        int len = b.getInt();
        if (len < 0 || len > buf.length - pos - OVERHEAD) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf, pos + 4, 1 + 4 + len);
        int stored = ByteBuffer.wrap(buf, pos + 4 + 1 + 4 + len, 4).getInt();
        if ((int) crc.getValue() != stored) {
            return null;
        }
        byte[] payload = new byte[len];
        System.arraycopy(buf, pos + 4 + 1 + 4, payload, 0, len);
        return new Entry(type, payload);
    }

    static byte[] frame(byte type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(OVERHEAD + payload.length);
        b.putInt(MAGIC).put(type).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 4, 1 + 4 + payload.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Frames one record into {@code b} at its position ({@code crc} is reset and reused). */
    static void frameInto(ByteBuffer b, byte type, byte[] payload, CRC32C crc) {
        int at = b.position();
        b.putInt(MAGIC).put(type).putInt(payload.length).put(payload);
        crc.reset();
        crc.update(b.duplicate().position(at + 4).limit(b.position()));
        b.putInt((int) crc.getValue());
    }

    // ---------------------------------------------------------------- payload codecs

    /** A staged write: {@code data == null} deletes the key. */
    record Write(String key, byte[] data) {
    }

    static byte[] encodeBranch(TxId tx, long generation, Map<String, byte[]> writes) {
        int size = 4 + 2 + tx.gtridUnsafe().length + 2 + tx.bqualUnsafe().length + 8 + 4;
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            size += 2 + w.getKey().length() + 4 + (w.getValue() == null ? 0 : w.getValue().length);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        putTx(b, tx);
        b.putLong(generation).putInt(writes.size());
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            byte[] k = w.getKey().getBytes(StandardCharsets.US_ASCII);
            b.putShort((short) k.length).put(k);
            if (w.getValue() == null) {
                b.putInt(-1);
            } else {
                b.putInt(w.getValue().length).put(w.getValue());
            }
        }
        return b.array();
    }

    /** A decoded PREPARE or ONE_PHASE payload. */
    record Branch(TxId tx, long generation, Map<String, byte[]> writes) {
    }

    static Branch decodeBranch(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        TxId tx = getTx(b);
        long generation = b.getLong();
        int count = b.getInt();
        Map<String, byte[]> writes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] k = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(k);
            int len = b.getInt();
            byte[] v = null;
            if (len >= 0) {
                v = new byte[len];
                b.get(v);
            }
            writes.put(new String(k, StandardCharsets.US_ASCII), v);
        }
        return new Branch(tx, generation, writes);
    }

    static byte[] encodeTx(TxId tx) {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + tx.gtridUnsafe().length + 2 + tx.bqualUnsafe().length);
        putTx(b, tx);
        return b.array();
    }

    static TxId decodeTx(byte[] payload) {
        return getTx(ByteBuffer.wrap(payload));
    }

    private static void putTx(ByteBuffer b, TxId tx) {
        b.putInt(tx.getFormatId());
        b.putShort((short) tx.gtridUnsafe().length).put(tx.gtridUnsafe());
        b.putShort((short) tx.bqualUnsafe().length).put(tx.bqualUnsafe());
    }

    private static TxId getTx(ByteBuffer b) {
        int formatId = b.getInt();
        byte[] g = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(g);
        byte[] q = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(q);
        return new TxId(formatId, g, q);
    }
}
