/** The readiness checks of the vault and the transaction manager ({@code /health/ready} on the management port). */
package io.steadfast.readiness.interfaces;
