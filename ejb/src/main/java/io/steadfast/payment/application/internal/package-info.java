/** Stateless session beans implementing the payment use cases under container-managed XA transactions. */
package io.steadfast.payment.application.internal;
