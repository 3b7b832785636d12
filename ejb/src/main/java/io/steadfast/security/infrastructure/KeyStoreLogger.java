package io.steadfast.security.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Log messages of the key stores. They keep the numbers they had when the integrity codes owned
 * the keys (README's troubleshooting and operators' alerts name them), and the log category
 * {@code io.steadfast.integrity}; the integrity codes' own messages ({@code IntegrityLogger}) use
 * the other numbers of the same series. Ids are permanent.
 */
@MessageLogger(projectCode = "STEADFAST-INTEGRITY-", length = 4)
interface KeyStoreLogger extends BasicLogger {

    KeyStoreLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), KeyStoreLogger.class, "io.steadfast.integrity");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 3, value = "The integrity key store %s did not exist, so it was created with new keys (%s); "
            + "back it up: without it no stored card number can be decrypted and no row verified")
    void keyStoreCreated(String path, String aliases);

    @Message(id = 6, value = "The system property %s is not set, so the key stores %s cannot be opened and every payment "
            + "would fail. Set it in the property file the server starts with (-P=file:<properties file>, e.g. "
            + "standalone-config/properties/run.properties) or on the command line (-D%s=<password>); the deployment is stopped")
    IllegalStateException keyStorePasswordMissing(String property, String stores, String sameProperty);

    @Message(id = 7, value = "Cannot open or create the key store %s (%s). If the password is wrong, set the right one in %s "
            + "(-P property file or -D); if the file is damaged, restore it from backup: without it no card number can be "
            + "decrypted and no row seal checked; the deployment is stopped")
    IllegalStateException keyStoreUnreadable(String store, String reason, String property, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 8, value = "Steadfast cannot start: %s")
    void deploymentStopped(String why);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 9, value = "The integrity key store lacked the keys %s, so they were created and added to %s; the keys it "
            + "already held were kept unchanged. Back the store up again")
    void keysAdded(String aliases, String path);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 10, value = "The receipt key store %s did not exist, so it was created with a new %s key pair and a "
            + "self-signed certificate; back it up: receipts signed with its key verify only with its public key")
    void receiptStoreCreated(String path, String algorithm);
}
