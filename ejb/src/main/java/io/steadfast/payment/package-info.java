/** Payments: taking a payment atomically into the database and the vault, and reading it back. */
package io.steadfast.payment;
