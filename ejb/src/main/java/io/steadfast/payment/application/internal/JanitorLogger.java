package io.steadfast.payment.application.internal;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Log messages of the payment janitor. Ids are permanent: never reuse or renumber one. They name
 * payments by id, never by card.
 */
@MessageLogger(projectCode = "STEADFAST-JANITOR-", length = 4)
interface JanitorLogger extends BasicLogger {

    JanitorLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), JanitorLogger.class, "io.steadfast.payment.janitor");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "Payment %s settled by the janitor as %s: the acquirer answered %s (attempt %d)")
    void settled(String paymentId, String status, String acquirerAnswer, int attempt);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 2, value = "Payment %s NEEDS_OPERATOR: the acquirer still does not know its outcome after %d attempts. "
            + "Look the payment id up with the acquirer and settle it there (README, \"Card payments the janitor could not settle\")")
    void needsOperator(String paymentId, int attempts);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 3, value = "The janitor could not settle payment %s this time (%s: %s); it tries again at its next run")
    void stepFailed(String paymentId, String exception, String message);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 4, value = "Payment janitor scheduled (%s): card payments PENDING or UNKNOWN for over %d s are settled by "
            + "asking the acquirer, at most %d times, waiting %d s after the first unknown answer, doubled up to %d s")
    void scheduled(String schedule, long thresholdSeconds, int maxAttempts, long backoffSeconds, long backoffMaxSeconds);

    @Message(id = 5, value = "The payment janitor's settings are invalid: %s. Fix the property in the server's property file; "
            + "the deployment is stopped")
    IllegalStateException invalidSettings(String problem);
}
