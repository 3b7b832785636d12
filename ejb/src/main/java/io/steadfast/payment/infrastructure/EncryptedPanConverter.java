package io.steadfast.payment.infrastructure;

import io.steadfast.security.infrastructure.SecretKeys;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Stores a card number encrypted with AES-256-GCM (a fresh 12-byte IV per value, stored before
 * the ciphertext and tag, all Base64): the column never holds the number in clear.
 */
@Converter
public class EncryptedPanConverter implements AttributeConverter<String, String> {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV = 12;
    private static final int TAG_BITS = 128;

    private static javax.crypto.SecretKey key() {
        return CDI.current().select(SecretKeys.class).get().cardEncryptionKey();
    }

    @Override
    public String convertToDatabaseColumn(String pan) {
        if (pan == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = c.doFinal(pan.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a card number", e);
        }
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, IV));
            return new String(c.doFinal(all, IV, all.length - IV), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored card number cannot be decrypted (wrong key, or the column was altered)", e);
        }
    }
}
