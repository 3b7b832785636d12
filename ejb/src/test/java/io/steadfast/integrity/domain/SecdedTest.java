package io.steadfast.integrity.domain;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SecdedTest {

    private static final long SEED = Long.getLong("seed", System.nanoTime());

    @Test
    void knownVectors() {
        // Worked by hand: 0 has no ones; value 1 puts its bit at position 3 (= 0b11), so check bits
        // 0 and 1 are set and the overall parity over three ones is 1.
        assertThat(Secded.encode(0)).isZero();
        assertThat(Secded.encode(1)).isEqualTo(0b1000_0011);
        // Value 2 sits at position 5 (= 0b101): check bits 0 and 2, overall parity 1.
        assertThat(Secded.encode(2)).isEqualTo(0b1000_0101);
        // Value 3: positions 3 and 5, syndrome 0b110, four ones in all, overall parity 0.
        assertThat(Secded.encode(3)).isEqualTo(0b0000_0110);
    }

    @Test
    void correctsEverySingleFlipAndDetectsEveryDoubleFlip() {
        System.out.println("SecdedTest seed=" + SEED + " (replay with -Dseed=" + SEED + ")");
        Random random = new Random(SEED);
        long[] values = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 4_999, random.nextLong(), random.nextLong()};
        for (long v : values) {
            int check = Secded.encode(v);
            assertThat(Secded.check(v, check).status()).isEqualTo(Secded.Status.OK);
            for (int i = 0; i < 72; i++) {
                Secded.Result r = flip(v, check, i);
                assertThat(r.status()).as("value %d, bit %d", v, i).isEqualTo(Secded.Status.CORRECTED);
                assertThat(r.value()).as("value %d, bit %d", v, i).isEqualTo(v);
                for (int j = i + 1; j < 72; j++) {
                    long v2 = i < 64 ? v ^ (1L << i) : v;
                    int c2 = i < 64 ? check : check ^ (1 << (i - 64));
                    assertThat(flip(v2, c2, j).status()).as("value %d, bits %d and %d", v, i, j).isEqualTo(Secded.Status.UNCORRECTABLE);
                }
            }
        }
    }

    /** Flips bit {@code i} of the 72-bit word: 0..63 the value, 64..71 the check byte. */
    private static Secded.Result flip(long value, int check, int i) {
        return i < 64 ? Secded.check(value ^ (1L << i), check) : Secded.check(value, check ^ (1 << (i - 64)));
    }
}
