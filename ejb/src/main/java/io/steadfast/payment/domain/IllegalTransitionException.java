package io.steadfast.payment.domain;

import jakarta.ejb.ApplicationException;

/** The operation is not allowed in the payment's current state. */
@ApplicationException(rollback = true)
public class IllegalTransitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PaymentStatus current;

    public IllegalTransitionException(PaymentStatus current, String operation) {
        super("the payment is " + current + "; " + operation.replace("-partial", "").replace("-full", "") + " is not allowed in that state");
        this.current = current;
    }

    public IllegalTransitionException(PaymentStatus current, String operation, String why) {
        super("the payment is " + current + "; " + operation + " is not allowed: " + why);
        this.current = current;
    }

    public PaymentStatus current() {
        return current;
    }
}
