package io.steadfast.security.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secret keys (the row seal, card encryption, card tokens), from a PKCS12 key store outside the code: {@code steadfast.keystore.path}
 * (default {@code <server data dir>/steadfast-keys.p12}) opened with the password in
 * {@code steadfast.keystore.password}. When the store does not exist yet it is created with a new
 * random 256-bit key for each alias, so a fresh installation works; production supplies its own store.
 * The keys are read once and kept.
 */
@ApplicationScoped
public class SecretKeys {

    static final String ALIAS = "integrity-seal";

    /** Every key the store holds: its alias and algorithm (each 256 bits), created together on first start. */
    static final Map<String, String> ALGORITHMS = aliases();

    private static Map<String, String> aliases() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ALIAS, "HmacSHA256");
        m.put("card-encryption", "AES");
        m.put("card-token", "HmacSHA256");
        return java.util.Collections.unmodifiableMap(m);
    }

    private volatile Map<String, SecretKey> keys;

    /** The HMAC-SHA256 key that seals rows. */
    public SecretKey sealKey() {
        return secretKey(ALIAS);
    }

    /** The AES-256 key that encrypts card numbers. */
    public SecretKey cardEncryptionKey() {
        return secretKey("card-encryption");
    }

    /** The HMAC-SHA256 key that turns a card number into its token. */
    public SecretKey cardTokenKey() {
        return secretKey("card-token");
    }

    private SecretKey secretKey(String alias) {
        Map<String, SecretKey> loaded = keys;
        if (loaded == null) {
            synchronized (this) {
                loaded = keys;
                if (loaded == null) {
                    KeyStoreSettings settings = KeyStoreSettings.current();
                    loaded = openAll(settings.keys(), settings.requirePassword(settings.keys()));
                    keys = loaded;
                }
            }
        }
        return loaded.get(alias);
    }

    /**
     * Opens the store and returns every key, creating what is missing: what the deployment does
     * once, so that a missing or wrong password stops it rather than every payment. A store that
     * does not exist is created with all its keys in one write, logged once
     * (STEADFAST-INTEGRITY-0003); a store that lacks some keys gets them added, and keeps the ones
     * it has (STEADFAST-INTEGRITY-0009). A key that exists is never replaced ({@link KeyStores}).
     */
    public static Map<String, SecretKey> openAll(Path path, char[] pw) {
        Map<String, KeyStores.EntryMaker> required = new LinkedHashMap<>();
        ALGORITHMS.forEach((alias, algorithm) -> required.put(alias, () -> {
            KeyGenerator gen = KeyGenerator.getInstance(algorithm);
            gen.init(256);
            return new KeyStore.SecretKeyEntry(gen.generateKey());
        }));
        KeyStores.Opened opened = KeyStores.open(path, pw, required, true);
        if (!opened.created().isEmpty()) {
            String created = String.join(", ", opened.created());
            if (opened.existed()) {
                KeyStoreLogger.LOG.keysAdded(created, path.toString());
            } else {
                KeyStoreLogger.LOG.keyStoreCreated(path.toString(), created);
            }
        }
        try {
            Map<String, SecretKey> keys = new LinkedHashMap<>();
            for (String alias : ALGORITHMS.keySet()) {
                keys.put(alias, (SecretKey) opened.store().getKey(alias, pw));
            }
            return java.util.Collections.unmodifiableMap(keys);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw KeyStoreFiles.cannotOpen(path, e);
        }
    }
}
