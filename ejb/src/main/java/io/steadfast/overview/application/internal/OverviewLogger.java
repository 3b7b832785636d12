package io.steadfast.overview.application.internal;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the overview sampler. Ids are permanent: never reuse or renumber one. */
@MessageLogger(projectCode = "STEADFAST-OVERVIEW-", length = 4)
interface OverviewLogger extends BasicLogger {

    OverviewLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), OverviewLogger.class, "io.steadfast.overview");

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 1, value = "The overview could not read %s (%s: %s); the console shows it as unknown")
    void figureUnreadable(String figure, String exception, String message);
}
