package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.domain.PaymentStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** A payment's receipt link is shown only when the payment has a receipt; otherwise it would answer 404. */
class PaymentResponseTest {

    private static PaymentView view(PaymentStatus status) {
        return new PaymentView("p-1", "order-1", 1000, "EUR", "card", status.name(), 0, 0, "424242******4242",
                status == PaymentStatus.DECLINED ? "do_not_honor" : null, Instant.parse("2026-11-26T04:00:00Z"));
    }

    @Test
    void declinedUnknownAndPendingPaymentsHaveNoReceiptLink() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.DECLINED, PaymentStatus.UNKNOWN, PaymentStatus.PENDING)) {
            // null: JSON-B leaves the property out of the body.
            assertThat(PaymentResponse.of(view(status)).receipt()).as(status.name()).isNull();
        }
    }

    @Test
    void everyApprovedStateLinksItsReceipt() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED,
                PaymentStatus.REFUNDED, PaymentStatus.VOIDED)) {
            assertThat(PaymentResponse.of(view(status)).receipt()).as(status.name()).isEqualTo("/api/v1/payments/p-1/receipt");
        }
    }
}
