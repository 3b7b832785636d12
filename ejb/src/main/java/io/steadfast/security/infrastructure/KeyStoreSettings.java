package io.steadfast.security.infrastructure;

import io.steadfast.configuration.Settings;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the two key stores are and their password, read through {@link Settings}:
 *
 * <ul>
 *   <li>{@value #KEYS_PATH}: the store of the row seal and the card keys, by default
 *       {@code steadfast-keys.p12} in the server's data directory;</li>
 *   <li>{@value #RECEIPTS_PATH}: the store of the receipt-signing key pair, by default
 *       {@code steadfast-receipts.p12} there;</li>
 *   <li>{@value KeyStoreFiles#PASSWORD_PROPERTY}: the password of both, no default (the
 *       deployment stops without it, STEADFAST-INTEGRITY-0006).</li>
 * </ul>
 *
 * @param keys     the seal and card keys' store
 * @param receipts the receipt-signing key's store
 * @param password the password as set, or null; never shown by {@link #toString()}
 */
public record KeyStoreSettings(Path keys, Path receipts, String password) {

    public static final String KEYS_PATH = "steadfast.keystore.path";
    public static final String RECEIPTS_PATH = "steadfast.receipts.keystore.path";

    /** The environment variable that holds the password when the system property does not. */
    static final String PASSWORD_VARIABLE = "STEADFAST_KEYSTORE_PASSWORD";

    /**
     * The settings now. The password is read as it is written, from the system property or else
     * the environment variable {@value #PASSWORD_VARIABLE}, not through MicroProfile Config,
     * which would expand a {@code ${...}} inside it (and name part of it in the error when it
     * cannot).
     */
    public static KeyStoreSettings current() {
        String password = System.getProperty(KeyStoreFiles.PASSWORD_PROPERTY);
        return from(Settings.current(), password != null ? password : System.getenv(PASSWORD_VARIABLE));
    }

    static KeyStoreSettings from(UnaryOperator<String> settings) {
        return from(settings, settings.apply(KeyStoreFiles.PASSWORD_PROPERTY));
    }

    static KeyStoreSettings from(UnaryOperator<String> settings, String password) {
        Path data = Settings.serverDataDir(settings);
        return new KeyStoreSettings(Path.of(Settings.text(settings, KEYS_PATH, data.resolve("steadfast-keys.p12").toString())),
                Path.of(Settings.text(settings, RECEIPTS_PATH, data.resolve("steadfast-receipts.p12").toString())),
                password);
    }

    /** The password, or a numbered exception (STEADFAST-INTEGRITY-0006) naming the property when it is missing. */
    public char[] requirePassword(Path... stores) {
        return KeyStoreFiles.requirePassword(password, stores);
    }

    @Override
    public String toString() {
        return "KeyStoreSettings[keys=" + keys + ", receipts=" + receipts + ", password=" + (password == null ? "not set" : "set") + "]";
    }
}
