package io.steadfast.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart, as an upgrade would do it: each node in turn is stopped cleanly and started
 * again, while customers keep their sessions. Carts stay whole through every step.
 */
@ExtendWith(ClusterExtension.class)
class RollingRestartIT {

    @Test
    void cartsStayWholeThroughARollingRestart(Cluster cluster) throws Exception {
        Shopper[] shoppers = new Shopper[4];
        Map<Integer, Map<String, Integer>> expected = new LinkedHashMap<>();
        for (int s = 0; s < shoppers.length; s++) {
            shoppers[s] = new Shopper(Cluster.BALANCER);
            expected.put(s, new LinkedHashMap<>());
            add(shoppers[s], expected.get(s), "before-" + s);
        }
        for (int k = 1; k <= cluster.nodes(); k++) {
            cluster.stopNode(k);
            for (int s = 0; s < shoppers.length; s++) {
                assertWhole(shoppers[s], expected.get(s), "node-" + k + " stopped");
                add(shoppers[s], expected.get(s), "while-node-" + k + "-down-" + s);
            }
            cluster.startNode(k);
            cluster.awaitBalancerKnowsAll(Duration.ofSeconds(60));
            for (int s = 0; s < shoppers.length; s++) {
                assertWhole(shoppers[s], expected.get(s), "node-" + k + " back");
                add(shoppers[s], expected.get(s), "after-node-" + k + "-back-" + s);
            }
        }
        for (int s = 0; s < shoppers.length; s++) {
            assertWhole(shoppers[s], expected.get(s), "the rolling restart done");
        }
    }

    private static void add(Shopper shopper, Map<String, Integer> expected, String sku) throws InterruptedException {
        shopper.addNew(sku, 1);
        expected.put(sku, 1);
    }

    private static void assertWhole(Shopper shopper, Map<String, Integer> expected, String when) throws InterruptedException {
        Shopper.Answer cart = shopper.cart();
        assertThat(cart.status()).as("%s: %s", when, cart.body()).isEqualTo(200);
        assertThat(Shopper.lines(cart)).as(when).isEqualTo(expected);
    }
}
