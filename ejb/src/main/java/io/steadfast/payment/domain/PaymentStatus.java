package io.steadfast.payment.domain;

/** Where a payment stands. The full lifecycle (authorize, capture, void, refund) grows from here. */
public enum PaymentStatus {
    /** Recorded, with its signed receipt in the vault. */
    RECORDED
}
