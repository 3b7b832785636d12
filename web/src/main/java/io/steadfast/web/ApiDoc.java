package io.steadfast.web;

import io.steadfast.payment.domain.Money;
import io.steadfast.web.problem.Problem;

/**
 * Names of the reusable parts of the OpenAPI document at {@code /openapi}: declared once on
 * {@link RestApplication} ({@code components}), referred to by the resources' annotations, so that
 * every operation answers a mistake with the same problem response. A simple name in an
 * annotation's {@code ref} is a reference into {@code #/components/...}.
 */
public final class ApiDoc {

    /** {@link Money#MAX_AMOUNT_MINOR}, the most one payment (and so a cart line or a cart) may carry, for {@code maximum}. */
    public static final String MAX_AMOUNT = "" + Money.MAX_AMOUNT_MINOR;

    /** The media type of every error. */
    public static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    /** Parameter: the required {@code Idempotency-Key} request header of every POST that takes one. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Header: {@code Idempotent-Replayed}, true when the answer is the stored answer to an earlier request with the key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** Header: {@code Location} of the payment a POST made. */
    public static final String LOCATION = "Location";

    /** Schemas declared only in the document (no Java type): the receipt document. */
    public static final String RECEIPT = "Receipt";

    /** 400 {@code invalid-request} or {@code malformed-json}. */
    public static final String BAD_REQUEST = "BadRequest";
    /** 404 {@code not-found}. */
    public static final String NOT_FOUND = "NotFound";
    /** 406: the {@code Accept} header names nothing the API can answer. */
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    /** 409 {@code idempotency-key-in-use}. */
    public static final String KEY_IN_USE = "IdempotencyKeyInUse";
    /** 409 {@code illegal-transition} or {@code idempotency-key-in-use}. */
    public static final String PAYMENT_CONFLICT = "PaymentConflict";
    /** 409 {@code price-mismatch} or {@code quantity-limit}. */
    public static final String CART_CONFLICT = "CartConflict";
    /** 409 {@code cart-empty}, {@code checkout-in-progress} or {@code idempotency-key-in-use}. */
    public static final String CHECKOUT_CONFLICT = "CheckoutConflict";
    /** 413 {@code payload-too-large}. */
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    /** 415: a body that is not JSON. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    /** 422 {@code idempotency-key-reused}. */
    public static final String KEY_REUSED = "IdempotencyKeyReused";
    /** 500 {@code internal-error}, {@code integrity-violation} or {@code receipt-unreadable}. */
    public static final String INTERNAL_ERROR = "InternalError";

    /** The admin API's security scheme: HTTP Basic with an operator's credentials. */
    public static final String OPERATOR_SECURITY = "operator";

    /** An admin call without credentials, or with wrong ones (401). */
    public static final String UNAUTHORIZED = "Unauthorized";

    /** An admin action by an operator whose role may only read (403). */
    public static final String FORBIDDEN = "Forbidden";

    /** An operator action that cannot be taken in the current state (409). */
    public static final String OPERATOR_CONFLICT = "OperatorConflict";

    private ApiDoc() {
    }
}
