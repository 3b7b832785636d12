package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReedSolomonTest {

    @Test
    void fieldMatchesKnownVectors() {
        // Powers of the generator 2 modulo 0x11d (the table in every RS-over-GF(256) reference).
        int[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 29, 58, 116, 232, 205, 135, 19, 38};
        for (int i = 0; i < expected.length; i++) {
            assertThat(GaloisField.exp(i)).as("2^%d", i).isEqualTo(expected[i]);
        }
        assertThat(GaloisField.multiply(2, 0x80)).isEqualTo(0x1d);
        assertThat(GaloisField.multiply(3, 7)).isEqualTo(9);
        assertThat(GaloisField.inverse(2)).isEqualTo(0x8e);
        assertThat(GaloisField.multiply(0x53, GaloisField.inverse(0x53))).isEqualTo(1);
        for (int a = 1; a < 256; a++) {
            assertThat(GaloisField.multiply(a, GaloisField.inverse(a))).isEqualTo(1);
            assertThat(GaloisField.divide(GaloisField.multiply(a, 0x35), 0x35)).isEqualTo(a);
        }
    }

    @Test
    void theCodingMatrixIsSystematic() {
        ReedSolomon rs = new ReedSolomon(4, 2);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(rs.coefficient(r, c)).isEqualTo(r == c ? 1 : 0);
            }
        }
    }

    @Test
    void knownVectorForKEquals2() {
        // Worked by hand: Vandermonde rows [1,0], [1,1], [1,2]; the top square is its own inverse
        // in GF(2^8), so the parity row is [1,2] x [[1,0],[1,1]] = [1^2, 2] = [3, 2], and for data
        // bytes 1 and 2 the parity byte is 3*1 ^ 2*2 = 3 ^ 4 = 7.
        ReedSolomon rs = new ReedSolomon(2, 1);
        assertThat(rs.coefficient(2, 0)).isEqualTo(3);
        assertThat(rs.coefficient(2, 1)).isEqualTo(2);
        byte[][] shards = {{1}, {2}, new byte[1]};
        rs.encodeParity(shards, 1);
        assertThat(shards[2][0]).isEqualTo((byte) 7);
    }

    @ParameterizedTest
    @CsvSource({"4,2", "3,3", "6,3", "10,4", "1,3"})
    void anyKShardsRebuildTheRest(int k, int m) {
        Random random = new Random(42L * k + m);
        int len = 97;
        ReedSolomon rs = new ReedSolomon(k, m);
        byte[][] original = new byte[k + m][len];
        for (int d = 0; d < k; d++) {
            random.nextBytes(original[d]);
        }
        rs.encodeParity(original, len);
        int n = k + m;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) > m) {
                continue;
            }
            byte[][] shards = new byte[n][];
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                present[i] = (mask & (1 << i)) == 0;
                shards[i] = present[i] ? original[i].clone() : new byte[len];
            }
            rs.reconstruct(shards, present, len);
            for (int i = 0; i < n; i++) {
                assertThat(shards[i]).as("shard %d with lost mask %s", i, Integer.toBinaryString(mask)).isEqualTo(original[i]);
            }
        }
    }

    @Test
    void moreThanMLostIsRefused() {
        ReedSolomon rs = new ReedSolomon(4, 2);
        byte[][] shards = new byte[6][8];
        boolean[] present = {true, true, true, false, false, false};
        assertThatThrownBy(() -> rs.reconstruct(shards, present, 8)).hasMessageContaining("only 3 of 6");
    }
}
