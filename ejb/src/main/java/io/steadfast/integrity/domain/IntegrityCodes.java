package io.steadfast.integrity.domain;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Computes and checks a row's codes: a CRC32C and a keyed HMAC-SHA256 seal over its canonical
 * bytes, and SECDED check bits over its amount.
 */
public final class IntegrityCodes {

    private final SecretKey sealKey;

    public IntegrityCodes(SecretKey sealKey) {
        this.sealKey = sealKey;
    }

    public static int crc32c(byte[] canonical) {
        CRC32C crc = new CRC32C();
        crc.update(canonical);
        return (int) crc.getValue();
    }

    /** Base64 of HMAC-SHA256(key, canonical bytes): 44 characters. */
    public String seal(byte[] canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(sealKey);
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** Compares in constant time, so a forger learns nothing from timing. */
    public boolean sealMatches(byte[] canonical, String stored) {
        if (stored == null) {
            return false;
        }
        return MessageDigest.isEqual(seal(canonical).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                stored.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
