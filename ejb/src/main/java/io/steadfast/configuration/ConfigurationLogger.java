package io.steadfast.configuration;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages about Steadfast's settings. Ids are permanent. */
@MessageLogger(projectCode = "STEADFAST-CONFIG-", length = 4)
public interface ConfigurationLogger extends BasicLogger {

    ConfigurationLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), ConfigurationLogger.class, "io.steadfast.configuration");

    @Message(id = 1, value = "The deployment stops: %d setting(s) cannot be used: %s. Fix them in the server's property file (-P), "
            + "as system properties, or as environment variables (STEADFAST_JANITOR_MAX_ATTEMPTS for steadfast.janitor.max-attempts), then deploy again")
    IllegalStateException invalidSettings(int count, String problems);
}
