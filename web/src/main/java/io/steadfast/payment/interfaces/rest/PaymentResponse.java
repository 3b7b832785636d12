package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.domain.PaymentStatus;

/**
 * A payment as the API shows it. Amounts are integer minor units: {@code amount} was authorized,
 * {@code captured} of it was taken, {@code refunded} of that was given back. {@code receipt} links
 * the signed receipt, and is left out (null) while there is none: a payment PENDING, DECLINED or
 * with an UNKNOWN outcome has no receipt.
 */
public record PaymentResponse(String id, String orderId, long amount, long captured, long refunded, String currency, String method,
                              String card, String status, String declineReason, String createdAt, String receipt) implements PaymentListItem {

    public static PaymentResponse of(PaymentView p) {
        return new PaymentResponse(p.id(), p.orderId(), p.amountMinor(), p.capturedMinor(), p.refundedMinor(), p.currency(),
                p.method(), p.card(), p.status(), p.declineReason(), p.createdAt().toString(), receiptLink(p));
    }

    /** The receipt's address, or null when the payment has no receipt (the link would answer 404). */
    static String receiptLink(PaymentView p) {
        return PaymentStatus.valueOf(p.status()).hasReceipt() ? "/api/v1/payments/" + p.id() + "/receipt" : null;
    }
}
