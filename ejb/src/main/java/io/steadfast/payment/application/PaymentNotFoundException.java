package io.steadfast.payment.application;

import jakarta.ejb.ApplicationException;

/** There is no payment with the given id. */
@ApplicationException(rollback = true)
public class PaymentNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PaymentNotFoundException(String paymentId) {
        super("There is no payment with id " + paymentId + ".");
    }
}
