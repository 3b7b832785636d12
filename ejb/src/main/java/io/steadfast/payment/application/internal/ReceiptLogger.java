package io.steadfast.payment.application.internal;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages about payment receipts. Ids are permanent: never reuse or renumber one. */
@MessageLogger(projectCode = "STEADFAST-RECEIPT-", length = 4)
interface ReceiptLogger extends BasicLogger {

    ReceiptLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), ReceiptLogger.class, "io.steadfast.payment.receipt");

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 1, value = "The receipt of payment %s (vault object %s) is unreadable: %s. The payment row is intact; "
            + "check the vault (GET /api/v1/admin/vault, POST /api/v1/admin/vault/scrub) and restore the lost disks")
    void receiptUnreadable(String paymentId, String vaultKey, String reason);
}
