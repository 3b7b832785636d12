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

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 2, value = "Unexpected error answered as 500, reference %s; after the last stack trace of this cause "
            + "(reference %s) %d repeats were logged without one (STEADFAST-WEB-0003)")
    void unexpectedAfterRepeats(String reference, String previousReference, long repeats, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 3, value = "Unexpected error answered as 500, reference %s: %s, the same cause as reference %s "
            + "(stack trace logged there); repeat %d within the minute")
    void unexpectedRepeat(String reference, String exception, String firstReference, long repeat);
}
