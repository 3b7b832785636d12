package io.steadfast.web.problem;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the web module. Ids are permanent. */
@MessageLogger(projectCode = "STEADFAST-WEB-", length = 4)
interface ProblemLogger extends BasicLogger {

    ProblemLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), ProblemLogger.class, "io.steadfast.web");

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 1, value = "Unexpected error answered as 500, reference %s")
    void unexpected(String reference, @Cause Throwable cause);
}
