package io.steadfast.payment.interfaces.rest;

import java.util.List;

/**
 * A page of payments, newest first. {@code next} is the cursor for the following page (pass it
 * as {@code ?cursor=}), absent on the last page.
 */
public record PaymentListResponse(List<PaymentResponse> items, String next) {
}
