package io.steadfast.payment.interfaces.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A page of payments, newest first. {@code next} is the cursor for the following page (pass it
 * as {@code ?cursor=}), absent on the last page. A payment whose row failed its integrity check
 * is an item with its id and status {@code QUARANTINED} only ({@link QuarantinedPaymentResponse}).
 */
@Schema(description = "A page of payments, newest first.")
public record PaymentListResponse(
        @Schema(required = true) List<PaymentListItem> items,
        @Schema(description = "The cursor of the following page (pass it as ?cursor=); absent on the last page.") String next) {
}
