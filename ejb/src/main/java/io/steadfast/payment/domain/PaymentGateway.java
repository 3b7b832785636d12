package io.steadfast.payment.domain;

/**
 * A card acquirer. Its calls cannot take part in an XA transaction, so callers record the
 * payment first, call the gateway outside any transaction, and record the outcome afterwards.
 */
public interface PaymentGateway {

    /**
     * What the acquirer said. {@code TIMEOUT} means the outcome is unknown, not declined: no answer
     * in time from {@link #authorize}, or, from {@link #lookup}, the acquirer has no decision yet.
     * {@code NOT_RECEIVED} comes only from {@link #lookup}: the acquirer never got the request, so
     * nothing was charged.
     */
    enum Outcome { APPROVED, DECLINED, INSUFFICIENT_FUNDS, TIMEOUT, NOT_RECEIVED }

    /** The acquirer's answer, with a reason for a decline and its reference for an approval. */
    record Answer(Outcome outcome, String reason, String reference) {
    }

    /** Asks the acquirer to authorize {@code amountMinor}. The PAN is handed over and forgotten. */
    Answer authorize(String paymentId, char[] pan, long amountMinor, String currency);

    /**
     * Asks the acquirer what became of the authorization of {@code paymentId}: the answer it gave
     * (approved with its reference, or declined), {@code TIMEOUT} while it is still undecided, or
     * {@code NOT_RECEIVED} when it never got the request. Safe to ask again; never charges.
     */
    Answer lookup(String paymentId);
}
