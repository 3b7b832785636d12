package io.steadfast.payment.interfaces.rest;

import java.util.List;

/**
 * A page of payments, newest first. {@code next} is the cursor for the following page (pass it
 * as {@code ?cursor=}), absent on the last page. A payment whose row failed its integrity check
 * is an item with its id and status {@code QUARANTINED} only ({@link QuarantinedPaymentResponse}).
 */
public record PaymentListResponse(List<PaymentListItem> items, String next) {
}
