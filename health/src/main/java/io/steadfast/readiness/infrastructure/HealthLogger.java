package io.steadfast.readiness.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Log lines of the readiness checks, one id per reason for {@code /health/ready} to be DOWN, each
 * logged when the reason comes or changes (not at every probe). Ids are permanent: never reuse or
 * renumber one.
 */
@MessageLogger(projectCode = "STEADFAST-HEALTH-", length = 4)
public interface HealthLogger extends BasicLogger {

    HealthLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), HealthLogger.class, "io.steadfast.health");

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 1, value = "/health/ready is DOWN (steadfast-database): %s")
    void databaseDown(String reason);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 2, value = "/health/ready is DOWN (steadfast-vault): %s")
    void vaultDown(String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 3, value = "/health/ready is DOWN (steadfast-node-identifier): %s")
    void nodeIdentifierDown(String reason);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 4, value = "/health/ready is DOWN (steadfast-recovery): %s")
    void recoveryDown(String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 5, value = "/health/ready: %s is UP again (it was DOWN: %s)")
    void upAgain(String check, String reason);
}
