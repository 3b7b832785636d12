package io.steadfast.payment.interfaces.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A payment in a listing whose row failed its integrity check and is quarantined: shown by its
 * id alone, with status {@code QUARANTINED}, because none of its other fields can be trusted.
 * {@code GET /api/v1/payments/{id}} answers the integrity-violation problem for it; operators
 * find it at {@code /api/v1/admin/quarantine}.
 */
@Schema(description = "A payment in a listing whose row failed its integrity check: shown by its id alone, since none of its "
        + "other fields can be trusted. Reading it answers 500 integrity-violation; operators see it at /api/v1/admin/quarantine.")
public record QuarantinedPaymentResponse(
        @Schema(required = true) String id,
        @Schema(required = true, enumeration = QuarantinedPaymentResponse.STATUS) String status,
        @Schema(required = true, enumeration = "violation") String integrity,
        @Schema(required = true) String detail) implements PaymentListItem {

    public static final String STATUS = "QUARANTINED";

    public static QuarantinedPaymentResponse of(String id) {
        return new QuarantinedPaymentResponse(id, STATUS, "violation",
                "This payment failed its integrity check and is quarantined; its fields are not shown. "
                        + "An operator sees it at /api/v1/admin/quarantine.");
    }
}
