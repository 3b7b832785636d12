package io.steadfast.operations.application;

import jakarta.ejb.ApplicationException;

/** The transaction or participant an operator acts on is not (or no longer) in the log store. */
@ApplicationException(rollback = true)
public class OperationTargetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OperationTargetNotFoundException(String message) {
        super(message);
    }
}
