package io.steadfast.it;

import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentService;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import java.util.concurrent.atomic.AtomicReference;

/** A caller that takes a payment and then fails, inside one container-managed transaction. */
@Stateless
public class FailingCheckout {

    /** The id of the payment made just before the failure, for the test to look for. */
    public static final AtomicReference<String> LAST_PAYMENT = new AtomicReference<>();

    @EJB
    PaymentService payments;

    public void payThenFail(NewPayment payment) {
        LAST_PAYMENT.set(payments.create(payment).payment().id());
        throw new IllegalStateException("simulated failure after the payment row and receipt were written");
    }
}
