package io.steadfast.payment.application;

import io.steadfast.payment.domain.Payment;

import java.time.Instant;

/** What callers see of a payment: a detached, immutable copy, never the entity. */
public record PaymentView(String id, String orderId, long amountMinor, String currency, String method,
                          String status, long capturedMinor, long refundedMinor, String card, String declineReason,
                          Instant createdAt) {

    public static PaymentView of(Payment p) {
        return new PaymentView(p.getId(), p.getOrderId(), p.getAmount().amountMinor(), p.getAmount().currency(),
                p.getMethod().apiName(), p.getStatus().name(), p.getCapturedMinor(), p.getRefundedMinor(), p.getCardMasked(),
                p.getDeclineReason(), p.getCreatedAt());
    }
}
