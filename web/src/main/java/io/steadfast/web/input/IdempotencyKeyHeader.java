package io.steadfast.web.input;

import io.steadfast.web.problem.ProblemException;

/**
 * The one check of the {@code Idempotency-Key} header, for every endpoint that takes one (payments,
 * their operations, the cart): present, not blank, at most {@value #MAX_LENGTH} characters (the
 * width of the idempotency record's key), printable ASCII. Anything else is a 400 that says what
 * is wrong, without echoing an unprintable value.
 */
public final class IdempotencyKeyHeader {

    public static final String NAME = "Idempotency-Key";

    /** The idempotency record's key column is this wide. */
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeyHeader() {
    }

    /**
     * 400 unless the header is there and well formed.
     *
     * @param why what the key protects against here, for the message ("a retried add must not add twice")
     */
    public static void require(String key, String why) {
        if (key == null || key.isBlank()) {
            throw ProblemException.badRequest("The " + NAME + " header is required: " + why + ".");
        }
        if (key.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("The " + NAME + " header is " + key.length() + " characters long; the limit is "
                    + MAX_LENGTH + ".");
        }
        Text.requireHeader(NAME, key);
    }
}
