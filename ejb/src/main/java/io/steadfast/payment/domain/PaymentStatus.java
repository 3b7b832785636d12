package io.steadfast.payment.domain;

/** Where a payment stands; the transitions between these are data (payment-states.properties). */
public enum PaymentStatus {
    /** Approved and held, not captured yet; capture or void it. */
    AUTHORIZED,
    /** Captured (fully or partly): money moved; refunds are possible. */
    CAPTURED,
    /** Some of the captured amount was refunded; more refunds are possible. */
    PARTIALLY_REFUNDED,
    /** Everything captured was refunded. */
    REFUNDED,
    /** The authorization was released without capture. */
    VOIDED
}
