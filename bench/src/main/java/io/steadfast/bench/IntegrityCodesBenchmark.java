package io.steadfast.bench;

import io.steadfast.integrity.domain.CanonicalEncoder;
import io.steadfast.integrity.domain.IntegrityCodes;
import io.steadfast.integrity.domain.Secded;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.spec.SecretKeySpec;
import java.util.Random;

/**
 * The integrity codes the entity listener computes for every row written (and again for every
 * row read), on a payment row's canonical bytes, against the canonical encoding itself: the work
 * the listener does before any code.
 */
@State(Scope.Thread)
public class IntegrityCodesBenchmark {

    IntegrityCodes codes;
    byte[] row;
    long amount;
    int checkBits;
    String seal;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new Random(7).nextBytes(key);
        codes = new IntegrityCodes(new SecretKeySpec(key, "HmacSHA256"));
        row = canonicalRow();
        amount = 1999;
        checkBits = Secded.encode(amount);
        seal = codes.seal(row);
    }

    /** A payment row as {@code Payment.canonicalBytes()} lays it out. */
    @Benchmark
    public byte[] canonicalRow() {
        return new CanonicalEncoder("payment/v1").string("0b6f3c2e-6f1d-4e8a-9a57-3d0c1f3a9b21").string("order-1042")
                .number(1999).string("EUR").string("WALLET").string("CAPTURED").number(1999).number(0)
                .string(null).string(null).number(1).string(null).string(null)
                .string("7f1c0a52-2a3b-4c7d-8e9f-0a1b2c3d4e5f").string("receipts/2026/11/25/0b6f3c2e")
                .number(1_764_064_000L).number(123_456_000).bytes();
    }

    @Benchmark
    public int crc32cOfRow() {
        return IntegrityCodes.crc32c(row);
    }

    @Benchmark
    public int secdedEncode() {
        return Secded.encode(amount);
    }

    @Benchmark
    public Object secdedCheck() {
        return Secded.check(amount, checkBits);
    }

    @Benchmark
    public String hmacSealOfRow() {
        return codes.seal(row);
    }

    /** What sealing one row costs: encoding, CRC32C, SECDED and the seal. */
    @Benchmark
    public String sealRow() {
        byte[] canonical = canonicalRow();
        int crc = IntegrityCodes.crc32c(canonical);
        int bits = Secded.encode(amount);
        return codes.seal(canonical) + crc + bits;
    }

    /** What checking one row on load costs. */
    @Benchmark
    public boolean verifyRow() {
        byte[] canonical = canonicalRow();
        return IntegrityCodes.crc32c(canonical) != 0 && codes.sealMatches(canonical, seal)
                && Secded.check(amount, checkBits).status() == Secded.Status.OK;
    }
}
