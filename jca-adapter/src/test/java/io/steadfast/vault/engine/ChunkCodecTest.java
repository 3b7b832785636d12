package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkCodecTest {

    private static final byte[] PAYLOAD = "the quick brown fox".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrips() throws Exception {
        byte[] chunk = ChunkCodec.encode("k1", 2, 3, 77, 100, PAYLOAD);
        ChunkCodec.Chunk c = ChunkCodec.decode(chunk, "k1", 2);
        assertThat(c.payload()).isEqualTo(PAYLOAD);
        assertThat(c.generation()).isEqualTo(77);
        assertThat(c.objectLength()).isEqualTo(100);
        assertThat(c.count()).isEqualTo(3);
    }

    @Test
    void detectsEveryFlippedBit() {
        byte[] chunk = ChunkCodec.encode("k1", 0, 1, 1, PAYLOAD.length, PAYLOAD);
        for (int bit = 0; bit < chunk.length * 8; bit++) {
            byte[] bad = chunk.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            int b = bit;
            assertThatThrownBy(() -> ChunkCodec.decode(bad, "k1", 0))
                    .as("bit %d", b).isInstanceOf(CorruptChunkException.class);
        }
    }

    @Test
    void detectsTornWrites() {
        byte[] chunk = ChunkCodec.encode("k1", 0, 1, 1, PAYLOAD.length, PAYLOAD);
        for (int len = 0; len < chunk.length; len++) {
            byte[] torn = Arrays.copyOf(chunk, len);
            assertThatThrownBy(() -> ChunkCodec.decode(torn, "k1", 0)).isInstanceOf(CorruptChunkException.class);
        }
    }

    @Test
    void detectsMisdirectedChunks() {
        byte[] chunk = ChunkCodec.encode("k1", 1, 3, 1, 10, PAYLOAD);
        assertThatThrownBy(() -> ChunkCodec.decode(chunk, "k1", 2)).hasMessageContaining("misdirected");
        assertThatThrownBy(() -> ChunkCodec.decode(chunk, "k2", 1)).hasMessageContaining("misdirected");
    }

    @Test
    void detectsZeroedChunks() {
        byte[] zero = new byte[ChunkCodec.encode("k1", 0, 1, 1, PAYLOAD.length, PAYLOAD).length];
        assertThatThrownBy(() -> ChunkCodec.decode(zero, "k1", 0)).isInstanceOf(CorruptChunkException.class);
    }
}
