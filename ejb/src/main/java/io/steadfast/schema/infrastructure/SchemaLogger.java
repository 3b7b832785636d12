package io.steadfast.schema.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the schema migrations. Ids are permanent. */
@MessageLogger(projectCode = "STEADFAST-SCHEMA-", length = 4)
interface SchemaLogger extends BasicLogger {

    SchemaLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), SchemaLogger.class, "io.steadfast.schema");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "Database schema on %s (%s) is at version %s; %d migration(s) applied now")
    void migrated(String product, String location, String version, int applied);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 2, value = "Adopted an existing %s database without migration history as schema version %s "
            + "(the schema of the release before migrations); later migrations apply on top of it")
    void baselined(String product, String version);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 3, value = "Migrating the database schema of persistence unit %s failed; the unit does not start")
    void failed(String unit, @org.jboss.logging.annotations.Cause Throwable cause);
}
