package io.steadfast.vault.engine;

import java.util.Arrays;

/**
 * A systematic Reed-Solomon erasure code over GF(2^8): k data shards, m parity shards, and any k
 * of the k + m shards rebuild the rest.
 *
 * <p>The coding matrix is a (k + m) x k Vandermonde matrix multiplied by the inverse of its top
 * k x k square, so its top is the identity (data shards are stored as they are) and every k x k
 * sub-matrix stays invertible.
 */
public final class ReedSolomon {

    private final int k;
    private final int m;
    private final int[][] matrix;
    private final byte[][][] parityRows;

    public ReedSolomon(int k, int m) {
        if (k < 1 || m < 0 || k + m > 256) {
            throw new IllegalArgumentException("Reed-Solomon needs 1 <= k and 0 <= m and k + m <= 256, got k=" + k + " m=" + m);
        }
        this.k = k;
        this.m = m;
        int n = k + m;
        int[][] vandermonde = new int[n][k];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                vandermonde[r][c] = GaloisField.power(r, c);
            }
        }
        int[][] top = Arrays.copyOf(vandermonde, k);
        this.matrix = GaloisField.multiply(vandermonde, GaloisField.invert(top));
        this.parityRows = new byte[m][k][];
        for (int p = 0; p < m; p++) {
            for (int d = 0; d < k; d++) {
                parityRows[p][d] = GaloisField.MUL[matrix[k + p][d]];
            }
        }
    }

    public int dataShards() {
        return k;
    }

    public int parityShards() {
        return m;
    }

    /** The coefficient of data shard {@code col} in shard {@code row}. */
    int coefficient(int row, int col) {
        return matrix[row][col];
    }

    /** Computes {@code shards[k..k+m)} from {@code shards[0..k)}, over the first {@code len} bytes. */
    public void encodeParity(byte[][] shards, int len) {
        for (int p = 0; p < m; p++) {
            byte[] out = shards[k + p];
            Arrays.fill(out, 0, len, (byte) 0);
            for (int d = 0; d < k; d++) {
                byte[] table = parityRows[p][d];
                byte[] in = shards[d];
                for (int i = 0; i < len; i++) {
                    out[i] ^= table[in[i] & 0xff];
                }
            }
        }
    }

    /**
     * Rebuilds every shard whose {@code present} flag is false, in place, from any k present ones.
     *
     * @throws IllegalArgumentException when fewer than k shards are present
     */
    public void reconstruct(byte[][] shards, boolean[] present, int len) {
        int available = 0;
        for (boolean p : present) {
            available += p ? 1 : 0;
        }
        if (available < k) {
            throw new IllegalArgumentException("only " + available + " of " + (k + m) + " shards left; " + k + " are needed");
        }
        boolean dataMissing = false;
        for (int d = 0; d < k; d++) {
            dataMissing |= !present[d];
        }
        if (dataMissing) {
            int[] rows = new int[k];
            int[][] sub = new int[k][];
            for (int i = 0, r = 0; r < k + m && i < k; r++) {
                if (present[r]) {
                    rows[i] = r;
                    sub[i] = matrix[r];
                    i++;
                }
            }
            int[][] decode = GaloisField.invert(sub);
            for (int d = 0; d < k; d++) {
                if (present[d]) {
                    continue;
                }
                byte[] out = shards[d];
                Arrays.fill(out, 0, len, (byte) 0);
                for (int i = 0; i < k; i++) {
                    byte[] table = GaloisField.MUL[decode[d][i]];
                    byte[] in = shards[rows[i]];
                    for (int b = 0; b < len; b++) {
                        out[b] ^= table[in[b] & 0xff];
                    }
                }
            }
        }
        boolean parityMissing = false;
        for (int p = k; p < k + m; p++) {
            parityMissing |= !present[p];
        }
        if (parityMissing) {
            byte[][] copy = shards.clone();
            for (int p = 0; p < m; p++) {
                if (present[k + p]) {
                    copy[k + p] = new byte[len];
                }
            }
            encodeParity(copy, len);
        }
    }
}
