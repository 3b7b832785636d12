package io.steadfast.operations.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the recovery pass at deployment. Ids are permanent: never reuse or renumber one. */
@MessageLogger(projectCode = "STEADFAST-RECOVERY-", length = 4)
interface RecoveryLogger extends BasicLogger {

    RecoveryLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), RecoveryLogger.class, "io.steadfast.recovery");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "Recovery pass at deployment finished in %d ms")
    void passAtDeployment(long millis);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 2, value = "Recovery pass at deployment failed; periodic recovery goes on as configured")
    void passAtDeploymentFailed(@Cause Throwable cause);
}
