/** Adapters from the payment domain to the platform: the vault resource adapter for receipts. */
package io.steadfast.payment.infrastructure;
