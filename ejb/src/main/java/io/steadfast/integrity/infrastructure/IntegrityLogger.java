package io.steadfast.integrity.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the integrity codes. Ids are permanent. */
@MessageLogger(projectCode = "STEADFAST-INTEGRITY-", length = 4)
interface IntegrityLogger extends BasicLogger {

    IntegrityLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), IntegrityLogger.class, "io.steadfast.integrity");

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 1, value = "Corrected a single flipped bit (codeword position %d) in the amount of %s %s; the row is written back")
    void corrected(int position, String entity, String id);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 2, value = "%s %s failed its integrity check (%s) and is quarantined")
    void quarantined(String entity, String id, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 3, value = "The integrity key store %s did not exist, so it was created with new keys (%s); "
            + "back it up: without it no stored card number can be decrypted and no row verified")
    void keyStoreCreated(String path, String aliases);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 4, value = "Integrity codes are OFF (steadfast.integrity.enabled=false): rows written now carry no codes, "
            + "rows read now are not checked, and a row written while off is quarantined when read with the codes back on")
    void switchedOff();

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 5, value = "Integrity codes are on again (steadfast.integrity.enabled)")
    void switchedOn();

    @Message(id = 6, value = "The system property %s is not set, so the key stores %s cannot be opened and every payment "
            + "would fail. Set it in the property file the server starts with (-P=file:<properties file>, e.g. "
            + "standalone-config/properties/run.properties) or on the command line (-D%s=<password>); the deployment is stopped")
    IllegalStateException keyStorePasswordMissing(String property, String stores, String sameProperty);

    @Message(id = 7, value = "Cannot open or create the key store %s (%s). If the password is wrong, set the right one in %s "
            + "(-P property file or -D); if the file is damaged, restore it from backup: without it no card number can be "
            + "decrypted and no row seal checked; the deployment is stopped")
    IllegalStateException keyStoreUnreadable(String store, String reason, String property, @org.jboss.logging.annotations.Cause Throwable cause);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 8, value = "Steadfast cannot start: %s")
    void deploymentStopped(String why);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 9, value = "The integrity key store lacked the keys %s, so they were created and added to %s; the keys it "
            + "already held were kept unchanged. Back the store up again")
    void keysAdded(String aliases, String path);
}
