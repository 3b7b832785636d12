package io.steadfast.payment.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An operation on an existing payment.
 *
 * @param paymentId      the payment
 * @param kind           capture, void or refund
 * @param amountMinor    capture: optional (all of it when null); refund: required; void: none
 * @param idempotencyKey the client's key for safe retries
 */
public record PaymentOperation(@NotBlank String paymentId, @NotNull Kind kind, @Positive Long amountMinor,
                               @NotBlank @Size(max = 255) String idempotencyKey) {

    /** What to do. */
    public enum Kind { CAPTURE, VOID, REFUND }
}
