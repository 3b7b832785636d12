package io.steadfast.integrity.domain;

import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrityCodesTest {

    @Test
    void crc32cMatchesTheStandardCheckValue() {
        // The CRC-32C check value of "123456789" (RFC 3720, iSCSI).
        assertThat(Integer.toUnsignedLong(IntegrityCodes.crc32c("123456789".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(0xE3069283L);
    }

    @Test
    void sealMatchesRfc4231TestCase2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        IntegrityCodes codes = new IntegrityCodes(new SecretKeySpec("Jefe".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        String expected = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        assertThat(codes.seal(data)).isEqualTo(expected);
        assertThat(codes.sealMatches(data, expected)).isTrue();
        data[0] ^= 1;
        assertThat(codes.sealMatches(data, expected)).isFalse();
    }

    @Test
    void canonicalEncodingSeparatesFields() {
        byte[] a = new CanonicalEncoder("t").string("ab").string("c").bytes();
        byte[] b = new CanonicalEncoder("t").string("a").string("bc").bytes();
        assertThat(a).isNotEqualTo(b);
        assertThat(new CanonicalEncoder("t").string(null).bytes()).isNotEqualTo(new CanonicalEncoder("t").string("").bytes());
    }
}
