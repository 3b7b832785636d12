package io.steadfast.integrity.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The check columns of a protected row: CRC32C, SECDED check bits of the amount, and the keyed seal. */
@Embeddable
public class IntegrityColumns {

    @Column(name = "check_crc32c", nullable = false)
    private int crc32c;

    @Column(name = "check_amount_secded", nullable = false)
    private short amountSecded;

    @Column(name = "check_seal", nullable = false, length = 44)
    private String seal = "";

    public int crc32c() {
        return crc32c;
    }

    public int amountSecded() {
        return amountSecded & 0xff;
    }

    public String seal() {
        return seal;
    }

    public void set(int crc32c, int amountSecded, String seal) {
        this.crc32c = crc32c;
        this.amountSecded = (short) amountSecded;
        this.seal = seal;
    }
}
