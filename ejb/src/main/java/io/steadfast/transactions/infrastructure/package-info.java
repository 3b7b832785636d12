/** The start-up check of the transaction manager's settings (node identifier, recovery). */
package io.steadfast.transactions.infrastructure;
