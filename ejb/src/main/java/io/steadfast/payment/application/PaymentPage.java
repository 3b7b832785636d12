package io.steadfast.payment.application;

import java.util.List;

/** One page of payments, newest first, and where the next page starts (null on the last page). */
public record PaymentPage(List<PaymentView> items, PaymentQuery.Position next) {
}
