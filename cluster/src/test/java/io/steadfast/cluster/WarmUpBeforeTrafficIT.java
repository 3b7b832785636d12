package io.steadfast.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that (re)starts gets no customer's new session before it is warmed: the nodes register
 * with the balancer with their contexts off ({@code steadfast.cluster.auto-enable-contexts=false}),
 * {@code cluster.sh} warms them on their own ports, and only then enables them. A node that had
 * never served a session took about 650 ms over its first request after a failover
 * (PERFORMANCE.md, "Failover gap"); before this, the balancer sent it new sessions as soon as it
 * registered.
 */
@ExtendWith(ClusterExtension.class)
class WarmUpBeforeTrafficIT {

    private static final int SESSIONS = 20;

    @Test
    void aHeldNodeGetsNoNewSessionUntilItIsEnabled(Cluster cluster) throws Exception {
        cluster.stopNode(2);
        String printed = cluster.startNodeHeld(2);
        assertThat(printed).contains("node-2 warmed").contains("node-2 is held");
        assertThat(cluster.dump()).as("the balancer knows the held node").contains("JVMRoute: node-2,");
        assertThat(cluster.isEnabled(2)).as("held: its contexts are not enabled on the balancer\n%s", cluster.dump()).isFalse();
        assertThat(cluster.isEnabled(1)).isTrue();

        List<Integer> served = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            Shopper shopper = new Shopper(Cluster.BALANCER);
            shopper.addNew("held-" + i, 1);
            served.add(shopper.routeNode());
        }
        assertThat(served).as("the nodes that took %d new sessions while node-2 was held", SESSIONS).containsOnly(1);

        assertThat(cluster.enableNode(2)).contains("node-2 takes requests through the balancer");
        assertThat(cluster.isEnabled(2)).as("enabled\n%s", cluster.dump()).isTrue();
        Shopper direct = new Shopper(Cluster.node(2));
        direct.addNew("after-enable", 1);
        assertThat(direct.sameSessionAt(Cluster.BALANCER).cart().status()).as("a node-2 session through the balancer").isEqualTo(200);
    }

    @Test
    void theDumpParserReadsContextStatesPerNode() {
        String dump = """
                balancer: [1] Name: mycluster Sticky: 1 [JSESSIONID]/[jsessionid] remove: 0 force: 0 Timeout: 0 maxAttempts: 1
                node: [1:1],Balancer: mycluster,JVMRoute: node-1,LBGroup: [],Host: 127.0.0.1,Port: 8109,Type: ajp
                node: [1:2],Balancer: mycluster,JVMRoute: node-2,LBGroup: [],Host: 127.0.0.1,Port: 8209,Type: ajp
                context: 1 [/wildfly-services] vhost: 1 node: 1 status: 1
                context: 2 [/] vhost: 1 node: 1 status: 1
                context: 3 [/] vhost: 2 node: 2 status: 3
                context: 4 [/wildfly-services] vhost: 2 node: 2 status: 1
                """;
        assertThat(Cluster.enabledIn(dump, "node-1")).isTrue();
        assertThat(Cluster.enabledIn(dump, "node-2")).as("one context stopped").isFalse();
        assertThat(Cluster.enabledIn(dump, "node-3")).as("not listed").isFalse();
        assertThat(Cluster.enabledIn(dump.replace("node: 2 status: 3", "node: 2 status: 1"), "node-2")).isTrue();
        String restarted = dump.replace("node: [1:2],", "node: [1:3],").replace("node: 2 status", "node: 3 status");
        assertThat(Cluster.enabledIn(restarted, "node-2")).as("a restarted node gets a new id; the balancer's id stays").isFalse();
        assertThat(Cluster.enabledIn(restarted.replace("node: 3 status: 3", "node: 3 status: 1"), "node-2")).isTrue();
    }
}
