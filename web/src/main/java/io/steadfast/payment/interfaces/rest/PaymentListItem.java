package io.steadfast.payment.interfaces.rest;

/** An item of a payment listing: a payment, or a quarantined one shown by its id alone. */
public sealed interface PaymentListItem permits PaymentResponse, QuarantinedPaymentResponse {
}
