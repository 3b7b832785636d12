package io.steadfast.payment.application;

/**
 * The outcome of {@link PaymentService#create}: the payment, and whether this call made it
 * ({@code created}) or found the one an earlier call with the same idempotency key made.
 */
public record PaymentResult(PaymentView payment, boolean created) {
}
