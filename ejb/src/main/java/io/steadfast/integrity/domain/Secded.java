package io.steadfast.integrity.domain;

/**
 * Hamming SECDED (72,64) over a 64-bit value: 7 Hamming check bits and 1 overall parity bit,
 * kept in one byte. A single flipped bit anywhere (value or check byte) is corrected; two flipped
 * bits are detected.
 *
 * <p>Layout: codeword positions 1..71 hold the Hamming code, with check bits at the powers of two
 * (1, 2, 4, ..., 64) and the value's bits, lowest first, at the other positions; position 0 is the
 * overall parity. Check bit i of the byte is the Hamming bit at position 2^i; bit 7 is the overall parity.
 */
public final class Secded {

    private static final int[] DATA_POSITIONS = new int[64];

    static {
        int bit = 0;
        for (int pos = 1; bit < 64; pos++) {
            if (Integer.bitCount(pos) != 1) {
                DATA_POSITIONS[bit++] = pos;
            }
        }
    }

    private Secded() {
    }

    /** The outcome of {@link #check}. */
    public enum Status {
        /** Value and check byte agree. */
        OK,
        /** One bit was wrong; {@link Result#value()} is the corrected value. */
        CORRECTED,
        /** Two or more bits are wrong; the value cannot be trusted. */
        UNCORRECTABLE
    }

    /**
     * @param value     the corrected (or unchanged) value; meaningless when uncorrectable
     * @param flippedAt the codeword position that was corrected (0: overall parity), or -1
     */
    public record Result(Status status, long value, int flippedAt) {
    }

    /** The XOR of the positions of the value's one bits (low 16 bits) and how many there are (high bits). */
    private static int dataSyndrome(long value) {
        int syndrome = 0;
        for (int bit = 0; bit < 64; bit++) {
            if ((value >>> bit & 1) != 0) {
                syndrome ^= DATA_POSITIONS[bit];
            }
        }
        return syndrome | Long.bitCount(value) << 16;
    }

    /** The check byte of {@code value}. */
    public static int encode(long value) {
        int data = dataSyndrome(value);
        // The check bits make the syndrome of the whole codeword zero.
        int check = data & 0x7f;
        int ones = (data >>> 16) + Integer.bitCount(check);
        int overall = ones & 1;
        return check | overall << 7;
    }

    /** Verifies {@code value} against its check byte, correcting a single flipped bit. */
    public static Result check(long value, int checkByte) {
        int data = dataSyndrome(value);
        int hamming = checkByte & 0x7f;
        int syndrome = (data & 0xffff) ^ hamming;
        int ones = (data >>> 16) + Integer.bitCount(hamming) + (checkByte >>> 7 & 1);
        boolean parityOk = (ones & 1) == 0;
        if (syndrome == 0) {
            return parityOk ? new Result(Status.OK, value, -1) : new Result(Status.CORRECTED, value, 0);
        }
        if (parityOk || syndrome > 71) {
            return new Result(Status.UNCORRECTABLE, value, -1);
        }
        if (Integer.bitCount(syndrome) == 1) {
            return new Result(Status.CORRECTED, value, syndrome); // a check bit flipped; the value is right
        }
        for (int bit = 0; bit < 64; bit++) {
            if (DATA_POSITIONS[bit] == syndrome) {
                return new Result(Status.CORRECTED, value ^ (1L << bit), syndrome);
            }
        }
        return new Result(Status.UNCORRECTABLE, value, -1);
    }
}
