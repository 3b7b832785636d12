package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.PaymentView;

/** A payment as the API shows it. {@code amount} is integer minor units. */
public record PaymentResponse(String id, String orderId, long amount, String currency, String method,
                              String status, String createdAt, String receipt) {

    public static PaymentResponse of(PaymentView p) {
        return new PaymentResponse(p.id(), p.orderId(), p.amountMinor(), p.currency(), p.method(), p.status(),
                p.createdAt().toString(), "/api/v1/payments/" + p.id() + "/receipt");
    }
}
