package io.steadfast.integrity.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the integrity codes. Ids are permanent. */
@MessageLogger(projectCode = "STEADFAST-INTEGRITY-", length = 4)
// Ids 3 and 6 to 10 are the key stores' messages, in io.steadfast.security.infrastructure.KeyStoreLogger.
interface IntegrityLogger extends BasicLogger {

    IntegrityLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), IntegrityLogger.class, "io.steadfast.integrity");

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 1, value = "Corrected a single flipped bit (codeword position %d) in the amount of %s %s; the row is written back")
    void corrected(int position, String entity, String id);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 2, value = "%s %s failed its integrity check (%s) and is quarantined")
    void quarantined(String entity, String id, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 4, value = "Integrity codes are OFF (steadfast.integrity.enabled=false): rows written now carry no codes, "
            + "rows read now are not checked, and a row written while off is quarantined when read with the codes back on")
    void switchedOff();

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 5, value = "Integrity codes are on again (steadfast.integrity.enabled)")
    void switchedOn();
}
