package io.steadfast.payment.application;

import jakarta.ejb.ApplicationException;

/** The Idempotency-Key was used before with a different request body. */
@ApplicationException(rollback = true)
public class IdempotencyKeyReusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
