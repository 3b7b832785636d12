package io.steadfast.payment.infrastructure;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages about card gateways. Ids are permanent: never reuse or renumber one. */
@MessageLogger(projectCode = "STEADFAST-GATEWAY-", length = 4)
interface GatewayLogger extends BasicLogger {

    GatewayLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), GatewayLogger.class, "io.steadfast.payment.gateway");

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 1, value = "The card gateway failed while authorizing payment %s: %s: %s%s. The payment is recorded UNKNOWN, "
            + "not declined: the acquirer may have approved it before the failure, so look it up there before the shopper pays again")
    void authorizationFailed(String paymentId, String exception, String message, String rootCause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 2, value = "The simulated acquirer's memory %s ended in a torn record (%d bytes, from a crash while writing it); "
            + "cut off. That answer had not been returned, so nothing that was answered is lost")
    void tornTailCut(String file, long bytes);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 3, value = "The simulated acquirer's memory %s has %d damaged record(s) between good ones; skipped. "
            + "A lookup of those payments answers that the acquirer never received them")
    void damagedRecordsSkipped(String file, int records);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 4, value = "The simulated acquirer remembers %d answer(s) from %s")
    void memoryLoaded(int answers, String file);
}
