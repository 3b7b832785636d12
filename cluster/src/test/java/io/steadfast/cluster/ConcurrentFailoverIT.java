package io.steadfast.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty customers keep adding to their carts through the balancer while a node is killed. A
 * customer whose add got no answer retries it with the same Idempotency-Key until it is
 * acknowledged, as a storefront would. Afterwards every cart holds every acknowledged add, once.
 */
@ExtendWith(ClusterExtension.class)
class ConcurrentFailoverIT {

    private static final int CUSTOMERS = 20;
    private static final Duration RETRY_DEADLINE = Duration.ofSeconds(60);

    @Test
    void everyAcknowledgedAddIsInTheCartsAfterANodeIsKilledUnderLoad(Cluster cluster) throws Exception {
        List<Shopper> shoppers = new ArrayList<>();
        List<List<String>> acknowledged = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            shoppers.add(new Shopper(Cluster.BALANCER));
            acknowledged.add(java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger retries = new AtomicInteger();
        CountDownLatch warm = new CountDownLatch(CUSTOMERS * 3);
        Map<Integer, Integer> routes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CUSTOMERS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            int customer = c;
            running.add(pool.submit(() -> {
                Shopper s = shoppers.get(customer);
                for (int n = 1; !stop.get(); n++) {
                    String sku = "c" + customer + "-" + n;
                    String key = UUID.randomUUID().toString();
                    long deadline = System.nanoTime() + RETRY_DEADLINE.toNanos();
                    Shopper.Answer a = s.add(key, sku, 1);
                    while (!a.ok()) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("customer " + customer + ": add " + sku + " not acknowledged within "
                                    + RETRY_DEADLINE.toSeconds() + " s; last answer " + a.status() + " " + a.body());
                        }
                        retries.incrementAndGet();
                        a = s.add(key, sku, 1);
                    }
                    acknowledged.get(customer).add(sku);
                    routes.put(customer, s.routeNode());
                    warm.countDown();
                }
                return null;
            }));
        }
        assertThat(warm.await(60, TimeUnit.SECONDS)).as("every customer added three items").isTrue();
        // The node that serves the most sessions now.
        Map<Integer, Long> perNode = new java.util.TreeMap<>();
        routes.values().forEach(node -> perNode.merge(node, 1L, Long::sum));
        int victim = perNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        int before = acknowledged.stream().mapToInt(List::size).sum();
        cluster.killNodeNow(victim);
        // Keep going until every customer has had at least five more adds acknowledged after the kill.
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int[] atKill = acknowledged.stream().mapToInt(List::size).toArray();
        while (System.nanoTime() < until) {
            boolean allMoved = true;
            for (int c = 0; c < CUSTOMERS; c++) {
                allMoved &= acknowledged.get(c).size() >= atKill[c] + 5;
            }
            if (allMoved) {
                break;
            }
            Thread.sleep(100); // polling the customers' progress, with a deadline
        }
        stop.set(true);
        for (Future<?> f : running) {
            f.get(RETRY_DEADLINE.toSeconds() + 30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int total = 0;
        for (int c = 0; c < CUSTOMERS; c++) {
            Shopper.Answer cart = shoppers.get(c).cart();
            assertThat(cart.status()).as(cart.body()).isEqualTo(200);
            Map<String, Integer> lines = Shopper.lines(cart);
            List<String> acked = List.copyOf(acknowledged.get(c));
            assertThat(lines.keySet()).as("customer %d's cart after node-%d was killed under load", c, victim).containsExactlyInAnyOrderElementsOf(acked);
            assertThat(lines.values()).as("customer %d: each add once, retries included", c).allMatch(q -> q == 1);
            assertThat(acked.size()).as("customer %d went on after the kill", c).isGreaterThanOrEqualTo(atKill[c] + 5);
            total += acked.size();
        }
        System.out.printf("ConcurrentFailoverIT: %d customers, %d adds acknowledged (%d before the kill of node-%d, sessions per node %s), %d retries%n",
                CUSTOMERS, total, before, victim, perNode, retries.get());
        cluster.startNode(victim);
    }
}
