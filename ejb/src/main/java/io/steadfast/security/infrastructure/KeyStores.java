package io.steadfast.security.infrastructure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one loader of Steadfast's PKCS12 key stores (the secret keys, {@link SecretKeys}; the
 * receipt key pair, {@link ReceiptKeys}): opens a store with its password, creates the entries it
 * lacks, and publishes a changed store with {@link KeyStoreFiles#writePrivately} (owner-readable
 * only, atomic, forced). An entry a store holds is never replaced. Synchronized on the class: two
 * callers never create or extend a store at once.
 */
public final class KeyStores {

    /** Makes the entry for an alias that a store lacks. */
    @FunctionalInterface
    public interface EntryMaker {
        KeyStore.Entry make() throws GeneralSecurityException, IOException;
    }

    /**
     * What opening did.
     *
     * @param store   the store, loaded
     * @param existed whether the file existed before
     * @param created the aliases whose entries were made now, in the order asked for
     */
    public record Opened(KeyStore store, boolean existed, List<String> created) {
    }

    private KeyStores() {
    }

    /**
     * Opens the store at {@code path}, creating it when it does not exist.
     *
     * @param required      every alias the store must hold, with how to make its entry
     * @param addToExisting whether an existing store that lacks an alias gets it made (else the
     *                      caller finds it missing and says so)
     * @throws IllegalStateException STEADFAST-INTEGRITY-0007 when the store cannot be read or written
     *                               (a wrong password, a damaged file)
     */
    public static synchronized Opened open(Path path, char[] password, Map<String, EntryMaker> required, boolean addToExisting) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            boolean existed = Files.exists(path);
            if (existed) {
                try (InputStream in = Files.newInputStream(path)) {
                    ks.load(in, password);
                }
            } else {
                ks.load(null, password);
            }
            List<String> created = new ArrayList<>();
            if (!existed || addToExisting) {
                KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
                for (Map.Entry<String, EntryMaker> e : required.entrySet()) {
                    if (!ks.containsAlias(e.getKey())) {
                        ks.setEntry(e.getKey(), e.getValue().make(), protection);
                        created.add(e.getKey());
                    }
                }
            }
            if (!created.isEmpty()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ks.store(out, password);
                KeyStoreFiles.writePrivately(path, out.toByteArray());
            }
            return new Opened(ks, existed, List.copyOf(created));
        } catch (IOException | GeneralSecurityException e) {
            throw KeyStoreFiles.cannotOpen(path, e);
        }
    }
}
