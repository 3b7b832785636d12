/**
 * Adapters from the payment domain to the platform and the outside world: the vault resource
 * adapter for receipts and their signing key, and the card acquirer behind the domain's
 * {@link io.steadfast.payment.domain.PaymentGateway} port (the built-in simulator, the choice of
 * acquirer, and {@link io.steadfast.payment.infrastructure.GatewayCall}, which turns an acquirer's
 * failure into an unknown outcome).
 */
package io.steadfast.payment.infrastructure;
