package io.steadfast.payment.application;

import jakarta.ejb.ApplicationException;

/**
 * A payment's receipt is in the vault but cannot be read: its chunks are damaged or missing on
 * more disks than the vault's layout can rebuild from. The payment itself is intact; this is a
 * server-side fault for an operator, never the client's mistake.
 */
@ApplicationException(rollback = true)
public class ReceiptUnreadableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String paymentId;

    public ReceiptUnreadableException(String paymentId, Throwable cause) {
        super("The receipt of payment " + paymentId + " cannot be read from the vault", cause);
        this.paymentId = paymentId;
    }

    public String paymentId() {
        return paymentId;
    }
}
