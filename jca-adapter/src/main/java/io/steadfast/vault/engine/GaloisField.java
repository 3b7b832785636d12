package io.steadfast.vault.engine;

/**
 * Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) and
 * generator 2, the field used by most Reed-Solomon erasure coders. Addition is XOR;
 * multiplication goes through log/exp tables and a full 256 x 256 product table for the hot loops.
 */
public final class GaloisField {

    static final int POLYNOMIAL = 0x11d;
    private static final int[] EXP = new int[510];
    private static final int[] LOG = new int[256];
    /** MUL[a][b] = a * b; a row is the multiply-by-a lookup used by the codec loops. */
    static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = (byte) slowMultiply(a, b);
            }
        }
    }

    private GaloisField() {
    }

    private static int slowMultiply(int a, int b) {
        return (a == 0 || b == 0) ? 0 : EXP[LOG[a] + LOG[b]];
    }

    public static int multiply(int a, int b) {
        return MUL[a & 0xff][b & 0xff] & 0xff;
    }

    public static int divide(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        return a == 0 ? 0 : EXP[LOG[a] + 255 - LOG[b]];
    }

    public static int inverse(int a) {
        return divide(1, a);
    }

    /** a raised to the power n (n >= 0); 0^0 is 1. */
    public static int power(int a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(LOG[a] * n) % 255];
    }

    /** 2^i, the i-th element of the exp table. */
    public static int exp(int i) {
        return EXP[i % 255];
    }

    /** Inverts a square matrix by Gauss-Jordan elimination; throws if it is singular. */
    static int[][] invert(int[][] matrix) {
        int n = matrix.length;
        int[][] work = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(matrix[r], 0, work[r], 0, n);
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("matrix is singular");
            }
            int[] t = work[pivot];
            work[pivot] = work[col];
            work[col] = t;
            int inv = inverse(work[col][col]);
            for (int c = 0; c < 2 * n; c++) {
                work[col][c] = multiply(work[col][c], inv);
            }
            for (int r = 0; r < n; r++) {
                if (r != col && work[r][col] != 0) {
                    int f = work[r][col];
                    for (int c = 0; c < 2 * n; c++) {
                        work[r][c] ^= multiply(f, work[col][c]);
                    }
                }
            }
        }
        int[][] out = new int[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(work[r], n, out[r], 0, n);
        }
        return out;
    }

    static int[][] multiply(int[][] a, int[][] b) {
        int[][] out = new int[a.length][b[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < b[0].length; c++) {
                int v = 0;
                for (int i = 0; i < b.length; i++) {
                    v ^= multiply(a[r][i], b[i][c]);
                }
                out[r][c] = v;
            }
        }
        return out;
    }
}
