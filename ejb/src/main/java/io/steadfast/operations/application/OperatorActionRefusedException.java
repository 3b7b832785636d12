package io.steadfast.operations.application;

import jakarta.ejb.ApplicationException;

/** An operator action that cannot be taken now, and why (a 409 to the client); nothing was changed. */
@ApplicationException(rollback = true)
public class OperatorActionRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OperatorActionRefusedException(String message) {
        super(message);
    }
}
