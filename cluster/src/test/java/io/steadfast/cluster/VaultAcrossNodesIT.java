package io.steadfast.cluster;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One vault across the nodes: clients pay through both nodes at once, and each reads its receipt
 * through the other node the moment its payment was answered. Then a node is killed, and every
 * receipt it committed is still read, signature and all, through the node that is left.
 */
@ExtendWith(ClusterExtension.class)
class VaultAcrossNodesIT {

    private static final int CLIENTS_PER_NODE = 2;
    private static final int PAYMENTS_PER_CLIENT = 15;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A receipt as read: its body and its signature header. */
    private record Receipt(int status, String body, String signature) {
    }

    @Test
    void aReceiptCommittedThroughOneNodeIsReadThroughTheOther(Cluster cluster) throws Exception {
        Map<String, Receipt> byPayment = new ConcurrentHashMap<>();
        Map<String, Integer> writer = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS_PER_NODE * cluster.nodes());
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS_PER_NODE * cluster.nodes(); c++) {
                int through = 1 + c % cluster.nodes();
                int other = 1 + (through % cluster.nodes());
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < PAYMENTS_PER_CLIENT; i++) {
                        String body = "{\"orderId\":\"vault-" + client + "-" + i + "\",\"amount\":" + (100 + i)
                                + ",\"currency\":\"EUR\",\"method\":\"wallet\"}";
                        HttpResponse<String> paid = HTTP.send(HttpRequest.newBuilder(Cluster.node(through).resolve("payments"))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (paid.statusCode() != 201) {
                            failures.add("payment through node-" + through + ": " + paid.statusCode() + " " + paid.body());
                            continue;
                        }
                        String id = Json.createReader(new StringReader(paid.body())).readObject().getString("id");
                        Receipt there = receipt(Cluster.node(other), id);
                        Receipt here = receipt(Cluster.node(through), id);
                        if (there.status() != 200 || !there.equals(here)) {
                            failures.add("receipt of " + id + " (paid through node-" + through + ") read through node-" + other + ": "
                                    + there + ", through node-" + through + ": " + here);
                        }
                        byPayment.put(id, here);
                        writer.put(id, through);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(byPayment).hasSize(CLIENTS_PER_NODE * cluster.nodes() * PAYMENTS_PER_CLIENT);

        // Each node wrote its own folder of the shared vault only.
        for (int k = 1; k <= cluster.nodes(); k++) {
            Path own = cluster.dir().resolve("common/vault/node-" + k);
            assertThat(segments(own)).as("node-%d's segments", k).isNotEmpty();
        }

        // Node 1 dies; what it committed is read through node 2, from node 1's files.
        cluster.killNode(1);
        for (Map.Entry<String, Receipt> e : byPayment.entrySet()) {
            if (writer.get(e.getKey()) == 1) {
                assertThat(receipt(Cluster.node(2), e.getKey())).as("receipt of %s, written by the killed node-1", e.getKey())
                        .isEqualTo(e.getValue());
            }
        }
        cluster.startNode(1);
        cluster.awaitBalancerKnowsAll(Duration.ofSeconds(90));
    }

    private static Receipt receipt(URI node, String id) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.resolve("payments/" + id + "/receipt")).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Optional<String> signature = r.headers().firstValue("Receipt-Signature");
        return new Receipt(r.statusCode(), r.body(), signature.orElse(null));
    }

    private static List<Path> segments(Path nodeVault) throws Exception {
        if (!Files.isDirectory(nodeVault)) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(nodeVault)) {
                return files.filter(p -> p.toString().endsWith(".seg")).toList();
            } catch (java.io.UncheckedIOException e) {
                // a file the node removed (a compacted segment, a renamed temporary) between the
                // walk's listing of its folder and its look at it: the folder is read again
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
