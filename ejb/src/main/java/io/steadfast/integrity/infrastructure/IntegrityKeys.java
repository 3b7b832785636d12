package io.steadfast.integrity.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        String password = System.getProperty("steadfast.keystore.password");
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("system property steadfast.keystore.password is not set; the integrity seal key cannot be opened");
        }
        String dataDir = System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir"));
        Path path = Path.of(System.getProperty("steadfast.keystore.path", Path.of(dataDir, "steadfast-keys.p12").toString()));
        char[] pw = password.toCharArray();
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
                Files.createDirectories(path.toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(path)) {
                    ks.store(out, pw);
                }
                IntegrityLogger.LOG.keyStoreCreated(path.toString());
            }
            return (SecretKey) ks.getKey(alias, pw);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the integrity key store " + path + ": " + e.getMessage(), e);
        }
    }
}
