package io.steadfast.payment.gateway;

/**
 * A card acquirer. Its calls cannot take part in an XA transaction, so callers record the
 * payment first, call the gateway outside any transaction, and record the outcome afterwards.
 */
public interface PaymentGateway {

    /** What the acquirer said. {@code TIMEOUT} means the outcome is unknown, not declined. */
    enum Outcome { APPROVED, DECLINED, INSUFFICIENT_FUNDS, TIMEOUT }

    /** The acquirer's answer, with a reason for a decline and its reference for an approval. */
    record Answer(Outcome outcome, String reason, String reference) {
    }

    /** Asks the acquirer to authorize {@code amountMinor}. The PAN is handed over and forgotten. */
    Answer authorize(String paymentId, char[] pan, long amountMinor, String currency);
}
