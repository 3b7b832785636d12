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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "A payment to take. Fields are read strictly: a value of the wrong JSON type is refused (400), never "
        + "converted; unknown fields are ignored. Text fields may not contain control, bidirectional or zero-width characters.")
public record CreatePaymentRequest(
        @Schema(description = "The storefront's order reference.", example = "order-1001")
        @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters") String orderId,
        @Schema(description = "Integer minor units (cents): a JSON number that is exactly a whole number (100, 100.0 and 1E2 are "
                + "100; 10.5 is refused, never rounded).", example = "4999")
        @NotNull(message = "is required (integer minor units)")
        @Positive(message = "must be greater than 0 (integer minor units)")
        @Max(value = Money.MAX_AMOUNT_MINOR, message = "must be at most " + Money.MAX_AMOUNT_MINOR + " (integer minor units)")
        Long amount,
        @Schema(description = "ISO 4217 currency code, upper case.", pattern = "^[A-Z]{3}$", example = "EUR")
        @NotNull(message = "is required") @Iso4217 String currency,
        @Schema(description = "How the shopper pays; card needs card.number.", enumeration = {"card", "bank_transfer", "wallet"},
                example = "card")
        @NotBlank(message = "is required") String method,
        @Schema(description = "true (the default): authorize and capture at once; false: authorize only, then capture or void. "
                + "Only JSON true or false.", defaultValue = "true")
        Boolean capture,
        @Schema(description = "Required for method card, refused for the others.")
        Card card) implements JsonBody {

    /** Reads the body's fields strictly; see {@link JsonFields}. */
    public static CreatePaymentRequest from(JsonFields f) {
        return new CreatePaymentRequest(f.string("orderId"), f.amount("amount", Money.MAX_AMOUNT_MINOR), f.string("currency"),
                f.string("method"), f.bool("capture", true), Card.from(f.object("card")));
    }

    /** Card details. {@code number} is never logged, stored in clear or returned. */
    @Schema(description = "Card details. The number is never stored in clear, logged or returned (responses show it masked).")
    public record Card(
            @Schema(required = true, description = "12-19 digits, spaces and dashes allowed, Luhn-valid, not starting with 0. "
                    + "Test numbers: README, Card payments.", example = "4242 4242 4242 4242")
            String number) {

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
