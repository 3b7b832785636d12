package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.web.ApiDoc;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A payment as the API shows it. Amounts are integer minor units: {@code amount} was authorized,
 * {@code captured} of it was taken, {@code refunded} of that was given back. {@code receipt} links
 * the signed receipt, and is left out (null) while there is none: a payment PENDING, DECLINED or
 * with an UNKNOWN outcome has no receipt.
 */
@Schema(description = "A payment. Amounts are integer minor units of currency: amount was authorized, captured of it was "
        + "taken, refunded of that was given back.")
public record PaymentResponse(
        @Schema(required = true, description = "The payment's id.", example = "21ffa0dd-5f3e-4a43-a0b5-0f9a6b4c2d1e") String id,
        @Schema(required = true, example = "order-1001") String orderId,
        @Schema(required = true, minimum = "1", maximum = ApiDoc.MAX_AMOUNT, example = "4999", description = "Authorized, in minor units.")
        long amount,
        @Schema(required = true, minimum = "0", maximum = ApiDoc.MAX_AMOUNT, example = "4999", description = "Captured so far, in minor units.")
        long captured,
        @Schema(required = true, minimum = "0", maximum = ApiDoc.MAX_AMOUNT, example = "0", description = "Refunded so far, in minor units.")
        long refunded,
        @Schema(required = true, pattern = "^[A-Z]{3}$", example = "EUR") String currency,
        @Schema(required = true, enumeration = {"card", "bank_transfer", "wallet"}) String method,
        @Schema(description = "The card, masked (first six and last four digits); only for method card.",
                example = "424242******4242") String card,
        @Schema(required = true, description = "PENDING: waiting for the gateway (a retry gets 409 meanwhile); UNKNOWN: the "
                + "gateway did not answer, look the payment up before paying again; DECLINED: see declineReason; "
                + "AUTHORIZED: capture or void it; CAPTURED, PARTIALLY_REFUNDED, REFUNDED, VOIDED; NEEDS_OPERATOR: the janitor "
                + "could not learn the outcome from the acquirer, a person settles it.",
                enumeration = {"PENDING", "DECLINED", "UNKNOWN", "AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED",
                        "VOIDED", "NEEDS_OPERATOR"}) String status,
        @Schema(description = "Why the gateway declined it; only for DECLINED.", example = "insufficient_funds") String declineReason,
        @Schema(required = true, format = "date-time", example = "2026-11-25T08:49:18.557133Z") String createdAt,
        @Schema(format = "uri-reference", description = "Where its signed receipt is; only when there is one (a payment that was "
                + "approved), never for PENDING, DECLINED or UNKNOWN.",
                example = "/api/v1/payments/21ffa0dd-5f3e-4a43-a0b5-0f9a6b4c2d1e/receipt") String receipt) implements PaymentListItem {

    public static PaymentResponse of(PaymentView p) {
        return new PaymentResponse(p.id(), p.orderId(), p.amountMinor(), p.capturedMinor(), p.refundedMinor(), p.currency(),
                p.method(), p.card(), p.status(), p.declineReason(), p.createdAt().toString(), receiptLink(p));
    }

    /** The receipt's address, or null when the payment has no receipt (the link would answer 404). */
    static String receiptLink(PaymentView p) {
        return PaymentStatus.valueOf(p.status()).hasReceipt() ? "/api/v1/payments/" + p.id() + "/receipt" : null;
    }
}
