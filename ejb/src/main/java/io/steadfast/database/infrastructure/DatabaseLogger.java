package io.steadfast.database.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages about the payments database. Ids are permanent: never reuse or renumber one. */
@MessageLogger(projectCode = "STEADFAST-DB-", length = 4)
interface DatabaseLogger extends BasicLogger {

    DatabaseLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), DatabaseLogger.class, "io.steadfast.database");

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 1, value = "PostgreSQL's max_prepared_transactions is 0 on %s (%s): every XA prepare fails, so no payment can commit "
            + "and /health/ready is DOWN. To fix it, %s")
    void maxPreparedTransactionsZero(String database, String version, String fix);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 2, value = "The payments database does not answer through java:jboss/datasources/SteadfastXADS (%s); "
            + "/health/ready is DOWN until it does")
    void unreachable(String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 3, value = "Payments database: %s %s on %s, max_prepared_transactions %s")
    void found(String product, String version, String database, String maxPreparedTransactions);
}
