package io.steadfast.payment.application;

import jakarta.ejb.ApplicationException;

/** The idempotency key is already used by a concurrent request that has not finished. */
@ApplicationException(rollback = true)
public class IdempotencyConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdempotencyConflictException(String message) {
        super(message);
    }
}
