package io.steadfast.integrity.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Secret keys (the row seal, card encryption, card tokens), from a PKCS12 key store outside the code: {@code steadfast.keystore.path}
 * (default {@code <server data dir>/steadfast-keys.p12}) opened with the password in
 * {@code steadfast.keystore.password}. When the store does not exist yet it is created with a new
 * random 256-bit key for each alias, so a fresh installation works; production supplies its own store.
 */
@ApplicationScoped
public class IntegrityKeys {

    static final String ALIAS = "integrity-seal";

    private final java.util.Map<String, SecretKey> keys = new java.util.concurrent.ConcurrentHashMap<>();

    /** The HMAC-SHA256 key that seals rows. */
    public SecretKey sealKey() {
        return secretKey(ALIAS, "HmacSHA256");
    }

    /** The AES-256 key that encrypts card numbers. */
    public SecretKey cardEncryptionKey() {
        return secretKey("card-encryption", "AES");
    }

    /** The HMAC-SHA256 key that turns a card number into its token. */
    public SecretKey cardTokenKey() {
        return secretKey("card-token", "HmacSHA256");
    }

    private synchronized SecretKey secretKey(String alias, String algorithm) {
        return keys.computeIfAbsent(alias, a -> load(a, algorithm));
    }

    private static SecretKey load(String alias, String algorithm) {
        Path path = storePath();
        return load(path, KeyStoreFiles.requirePassword(System.getProperty(KeyStoreFiles.PASSWORD_PROPERTY), path), alias, algorithm);
    }

    /** Where the store is: {@code steadfast.keystore.path}, by default in the server's data directory. */
    public static Path storePath() {
        return Path.of(System.getProperty("steadfast.keystore.path", KeyStoreFiles.dataDir().resolve("steadfast-keys.p12").toString()));
    }

    /**
     * Opens the store and makes sure it holds every key, creating what is missing: what the
     * deployment does once, so that a missing or wrong password stops it rather than every payment.
     */
    public static void openAll(Path path, char[] password) {
        load(path, password, ALIAS, "HmacSHA256");
        load(path, password, "card-encryption", "AES");
        load(path, password, "card-token", "HmacSHA256");
    }

    /**
     * The key under {@code alias}, created (256 bits of {@code algorithm}) when the store or the
     * alias does not exist yet. The store is (re)written owner-readable only and atomically.
     * Synchronized on the class: two callers never create the same store at once.
     */
    static synchronized SecretKey load(Path path, char[] pw, String alias, String algorithm) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(path)) {
                try (InputStream in = Files.newInputStream(path)) {
                    ks.load(in, pw);
                }
            } else {
                ks.load(null, pw);
            }
            if (!ks.containsAlias(alias)) {
                KeyGenerator gen = KeyGenerator.getInstance(algorithm);
                gen.init(256);
                ks.setEntry(alias, new KeyStore.SecretKeyEntry(gen.generateKey()), new KeyStore.PasswordProtection(pw));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ks.store(out, pw);
                KeyStoreFiles.writePrivately(path, out.toByteArray());
                IntegrityLogger.LOG.keyStoreCreated(path.toString());
            }
            return (SecretKey) ks.getKey(alias, pw);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw KeyStoreFiles.cannotOpen(path, e);
        }
    }
}
