package io.steadfast.security.infrastructure;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.nio.file.Path;

/**
 * Opens both key stores (row seal and card keys; receipt signing key) while the application is
 * deployed, creating them on first start. Without this, a missing or wrong
 * {@code steadfast.keystore.password} was invisible: the server reported ready and answered every
 * payment with 500. Now the deployment fails, with a numbered message that says what to set
 * (STEADFAST-INTEGRITY-0006, 0007, logged under 0008).
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeyStoreStartupCheck {

    @PostConstruct
    void openKeyStores() {
        KeyStoreSettings settings = KeyStoreSettings.current();
        check(settings.password(), settings.keys(), settings.receipts());
    }

    /**
     * Opens (or creates) both stores with {@code password}.
     *
     * @throws IllegalStateException with a numbered message naming what to set or restore
     */
    static void check(String password, Path keys, Path receipts) {
        try {
            char[] pw = KeyStoreFiles.requirePassword(password, keys, receipts);
            SecretKeys.openAll(keys, pw);
            ReceiptKeys.load(receipts, pw);
        } catch (RuntimeException e) {
            KeyStoreFiles.logDeploymentStopped(e);
            throw e;
        }
    }
}
