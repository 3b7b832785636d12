package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Damages a chunk where it lies in a disk's segment file, behind the vault's back. */
final class ChunkDamage {

    /** The bytes of one chunk in a segment file. */
    record Region(Path file, long offset, int length) {

        byte[] read() throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(length);
                ch.read(b, offset);
                return b.array();
            }
        }

        void write(byte[] bytes) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, length)), offset);
            }
        }
    }

    private ChunkDamage() {
    }

    static Optional<Region> region(Vault v, int disk, String key) {
        return v.store().location(disk, key).map(l -> new Region(v.store().segmentFile(disk, l.segment()), l.offset(), l.length()));
    }

    static void flipBit(Region r, int bit) throws IOException {
        byte[] raw = r.read();
        raw[bit / 8] ^= (byte) (1 << (bit % 8));
        r.write(raw);
    }

    /** Zeroes bytes [from, to) of the chunk. */
    static void zero(Region r, int from, int to) throws IOException {
        byte[] raw = r.read();
        java.util.Arrays.fill(raw, from, to, (byte) 0);
        r.write(raw);
    }

    /** Puts another chunk's bytes in this chunk's place (cut or zero-padded to its length). */
    static void misdirect(Region r, byte[] other) throws IOException {
        r.write(java.util.Arrays.copyOf(other, r.length()));
    }
}
