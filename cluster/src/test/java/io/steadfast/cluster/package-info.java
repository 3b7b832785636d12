/**
 * Failover tests: the cluster of cluster.sh (two nodes and WildFly's load balancer), driven
 * through the balancer with a plain HTTP client, its nodes killed with kill -9, stopped and
 * started again.
 */
package io.steadfast.cluster;
