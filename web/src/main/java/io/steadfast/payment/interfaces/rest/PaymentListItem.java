package io.steadfast.payment.interfaces.rest;

import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item of a payment listing: a payment, or a quarantined one shown by its id alone. The
 * document tells them apart by {@code status}; {@code PaymentListItemTest} checks the mapping
 * names every payment status.
 */
@Schema(description = "A payment, or one that failed its integrity check (status QUARANTINED) shown by its id alone.",
        oneOf = {PaymentResponse.class, QuarantinedPaymentResponse.class},
        discriminatorProperty = "status",
        discriminatorMapping = {
                @DiscriminatorMapping(value = "PENDING", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "DECLINED", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "UNKNOWN", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "AUTHORIZED", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "CAPTURED", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "PARTIALLY_REFUNDED", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "REFUNDED", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "VOIDED", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = "NEEDS_OPERATOR", schema = PaymentResponse.class),
                @DiscriminatorMapping(value = QuarantinedPaymentResponse.STATUS, schema = QuarantinedPaymentResponse.class)
        })
public sealed interface PaymentListItem permits PaymentResponse, QuarantinedPaymentResponse {
}
