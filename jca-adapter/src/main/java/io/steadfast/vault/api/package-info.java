/**
 * What applications see of the vault: a connection factory, bound in JNDI by the resource adapter,
 * and connections whose writes join the caller's JTA transaction as an XA branch.
 */
package io.steadfast.vault.api;
