/** Where readiness reads its inputs (the platform MBean server: WildFly's management model and the vault's MXBean) and its log. */
package io.steadfast.readiness.infrastructure;
