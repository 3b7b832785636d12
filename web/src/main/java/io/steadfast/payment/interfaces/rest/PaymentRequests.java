package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.IdempotencyConflictException;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.CardNumbers;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.web.input.IdempotencyKeyHeader;
import io.steadfast.web.input.Text;
import io.steadfast.web.problem.ProblemException;
import io.steadfast.web.problem.ProblemMapper;
import jakarta.validation.Validator;

/** What every endpoint that takes a payment shares: the card rules and the idempotent call. */
public final class PaymentRequests {

    private PaymentRequests() {
    }

    /** 400 unless the header is there and well formed ({@link IdempotencyKeyHeader}). */
    public static void requireIdempotencyKey(String idempotencyKey) {
        IdempotencyKeyHeader.require(idempotencyKey, "a unique value per payment attempt, reused on retries");
    }

    /** The request as a command, or a 400 problem that says what is wrong with it. */
    public static NewPayment command(Validator validator, String idempotencyKey, CreatePaymentRequest body) {
        requireIdempotencyKey(idempotencyKey);
        if (body == null) {
            throw ProblemException.badRequest("A JSON body is required: {\"orderId\", \"amount\", \"currency\", \"method\"}.");
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(ProblemMapper.describe(violations));
        }
        return new NewPayment(body.orderId(), body.amount(), body.currency(), method(body.method()), idempotencyKey,
                body.capture() == null || body.capture());
    }

    /** The payment method the API spells {@code value}, or a 400 that echoes it only escaped. */
    public static PaymentMethod method(String value) {
        try {
            return PaymentMethod.parse(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("method: unknown payment method " + Text.quote(value) + "; use one of "
                    + java.util.Arrays.stream(PaymentMethod.values()).map(PaymentMethod::apiName)
                    .collect(java.util.stream.Collectors.joining(", ")) + ".");
        }
    }

    /**
     * The normalised card number for {@code method: card} (required there, refused elsewhere), or
     * null; a problem for anything wrong, never echoing the number.
     */
    public static String cardNumber(PaymentMethod method, CreatePaymentRequest.Card card) {
        if (method != PaymentMethod.CARD) {
            if (card != null) {
                throw ProblemException.badRequest("card: only a payment with method 'card' takes card details.");
            }
            return null;
        }
        if (card == null || card.number() == null) {
            throw ProblemException.badRequest("card.number is required for method 'card'.");
        }
        try {
            return CardNumbers.normalize(card.number());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage() + ".");
        }
    }

    /**
     * Takes the payment (through the gateway for a card). When another request with the same key
     * got there first, answers as it did if it has committed, or 409 while it is still in flight.
     */
    public static PaymentResult take(PaymentService payments, NewPayment cmd, String pan) {
        try {
            return pan != null ? payments.createWithCard(cmd, pan) : payments.create(cmd);
        } catch (IdempotencyConflictException e) {
            return payments.replay(cmd, pan).orElseThrow(() -> e);
        }
    }
}
