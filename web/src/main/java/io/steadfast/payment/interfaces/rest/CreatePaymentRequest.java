package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.Iso4217;
import java.math.BigDecimal;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/payments}.
 *
 * @param orderId  the storefront's order reference, up to 64 characters
 * @param amount   integer minor units (cents), greater than zero; read as a decimal so that a
 *                 fraction is refused rather than silently truncated
 * @param currency ISO 4217 code, upper case
 * @param method   {@code card}, {@code bank_transfer} or {@code wallet}
 * @param capture  {@code true} (default): authorize and capture at once (a purchase);
 *                 {@code false}: authorize only, capture or void later
 * @param card     the card, required for {@code method: card} and refused for the others
 */
public record CreatePaymentRequest(
        @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters") String orderId,
        @NotNull(message = "is required (integer minor units)")
        @Positive(message = "must be greater than 0 (integer minor units)")
        @Digits(integer = 18, fraction = 0, message = "must be a whole number of minor units (cents), at most 18 digits")
        BigDecimal amount,
        @NotNull(message = "is required") @Iso4217 String currency,
        @NotBlank(message = "is required") String method,
        Boolean capture,
        Card card) {

    /** Card details. {@code number} is never logged, stored in clear or returned. */
    public record Card(String number) {

        @Override
        public String toString() {
            return "Card[number=****]";
        }
    }
}
