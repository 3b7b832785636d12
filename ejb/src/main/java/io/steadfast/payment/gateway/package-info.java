/** The card acquirer behind a {@link io.steadfast.payment.gateway.PaymentGateway} interface, and its built-in simulator. */
package io.steadfast.payment.gateway;
