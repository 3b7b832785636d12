package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.Iso4217;
import io.steadfast.payment.domain.Money;
import io.steadfast.web.input.JsonBody;
import io.steadfast.web.input.JsonFields;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/payments}, read strictly by {@link #from}: a field of the wrong
 * JSON type is refused, never coerced.
 *
 * @param orderId  the storefront's order reference, up to 64 characters
 * @param amount   integer minor units (cents), from 1 to {@link Money#MAX_AMOUNT_MINOR}; a JSON
 *                 number that is exactly such an integer (a fraction is refused, never truncated)
 * @param currency ISO 4217 code, upper case
 * @param method   {@code card}, {@code bank_transfer} or {@code wallet}
 * @param capture  {@code true} (default when left out): authorize and capture at once (a purchase);
 *                 {@code false}: authorize only, capture or void later. Only JSON booleans.
 * @param card     the card, required for {@code method: card} and refused for the others
 */
public record CreatePaymentRequest(
        @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters") String orderId,
        @NotNull(message = "is required (integer minor units)")
        @Positive(message = "must be greater than 0 (integer minor units)")
        @Max(value = Money.MAX_AMOUNT_MINOR, message = "must be at most " + Money.MAX_AMOUNT_MINOR + " (integer minor units)")
        Long amount,
        @NotNull(message = "is required") @Iso4217 String currency,
        @NotBlank(message = "is required") String method,
        Boolean capture,
        Card card) implements JsonBody {

    /** Reads the body's fields strictly; see {@link JsonFields}. */
    public static CreatePaymentRequest from(JsonFields f) {
        return new CreatePaymentRequest(f.string("orderId"), f.amount("amount", Money.MAX_AMOUNT_MINOR), f.string("currency"),
                f.string("method"), f.bool("capture", true), Card.from(f.object("card")));
    }

    /** Card details. {@code number} is never logged, stored in clear or returned. */
    public record Card(String number) {

        /** The card of a body, or null when it has none. {@code number} must be a JSON string. */
        public static Card from(JsonFields card) {
            return card == null ? null : new Card(card.string("number"));
        }

        @Override
        public String toString() {
            return "Card[number=****]";
        }
    }
}
