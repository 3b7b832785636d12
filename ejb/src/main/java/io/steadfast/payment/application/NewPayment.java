package io.steadfast.payment.application;

import io.steadfast.payment.domain.PaymentMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A request to take a payment.
 *
 * @param orderId        the storefront's order reference
 * @param amountMinor    the amount in minor units of {@code currency}, greater than zero
 * @param currency       ISO 4217 code
 * @param method         how the shopper pays
 * @param idempotencyKey the client's key for safe retries
 * @param capture        capture at once (a purchase); otherwise only authorize
 */
public record NewPayment(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[\\p{Graph} ]*", message = "must contain printable characters only") String orderId,
        @Positive long amountMinor,
        @NotNull @Iso4217 String currency,
        @NotNull PaymentMethod method,
        @NotBlank @Size(max = 255) String idempotencyKey,
        boolean capture) {

    /** A purchase: authorized and captured at once. */
    public NewPayment(String orderId, long amountMinor, String currency, PaymentMethod method, String idempotencyKey) {
        this(orderId, amountMinor, currency, method, idempotencyKey, true);
    }
}
