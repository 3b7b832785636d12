package io.steadfast.payment.domain;

/** Where a payment stands; the transitions between these are data (payment-states.properties). */
public enum PaymentStatus {
    /** Recorded, waiting for the gateway's answer. */
    PENDING,
    /** The gateway declined it; {@code declineReason} says why. */
    DECLINED,
    /** The gateway did not answer in time: the outcome is not known yet (the janitor settles it). */
    UNKNOWN,
    /** Approved and held, not captured yet; capture or void it. */
    AUTHORIZED,
    /** Captured (fully or partly): money moved; refunds are possible. */
    CAPTURED,
    /** Some of the captured amount was refunded; more refunds are possible. */
    PARTIALLY_REFUNDED,
    /** Everything captured was refunded. */
    REFUNDED,
    /** The authorization was released without capture. */
    VOIDED,
    /**
     * The janitor asked the acquirer its maximum number of times and the outcome is still not
     * known: an operator settles it with the acquirer (README, "Card payments the janitor could not settle").
     */
    NEEDS_OPERATOR;

    /**
     * Whether a payment in this state has a signed receipt in the vault. The receipt is written
     * with the approval (at creation, or with the gateway's answer for a card), so every state
     * reached through AUTHORIZED or CAPTURED has one; a payment still PENDING, DECLINED, with an
     * UNKNOWN outcome or waiting for an operator has none, and a link to it would answer 404.
     */
    public boolean hasReceipt() {
        return switch (this) {
            case AUTHORIZED, CAPTURED, PARTIALLY_REFUNDED, REFUNDED, VOIDED -> true;
            case PENDING, DECLINED, UNKNOWN, NEEDS_OPERATOR -> false;
        };
    }
}
