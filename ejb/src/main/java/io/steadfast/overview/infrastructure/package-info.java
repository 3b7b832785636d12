/** Reads the overview's platform figures from WildFly's management model through the platform MBean server. */
package io.steadfast.overview.infrastructure;
