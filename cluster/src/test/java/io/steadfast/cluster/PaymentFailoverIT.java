package io.steadfast.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment in flight on a node that is killed: its client retries with the same Idempotency-Key
 * through the balancer, which sends it to the other node. The retry gets the right answer (the
 * payment, or a 409 while the killed node's transaction waits for its recovery), and once that
 * node is back and has recovered, exactly one payment exists for the key: never a second one.
 */
@ExtendWith(ClusterExtension.class)
class PaymentFailoverIT {

    private static final int TRIALS = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aPaymentCutOffByAKillIsMadeOnceOrNotAtAll(Cluster cluster) throws Exception {
        long seed = Long.getLong("cluster.seed", System.nanoTime());
        System.out.println("PaymentFailoverIT seed=" + seed + " (replay with -Dcluster.seed=" + seed + ")");
        Random random = new Random(seed);
        List<String> outcomes = new ArrayList<>();
        for (int trial = 1; trial <= TRIALS; trial++) {
            int victim = 1 + (trial % cluster.nodes());
            String key = UUID.randomUUID().toString();
            String body = "{\"orderId\":\"failover-" + trial + "\",\"amount\":1999,\"currency\":\"EUR\",\"method\":\"wallet\"}";
            // Payments go to the victim directly, a few at once so that one is in flight when it dies.
            CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(post(Cluster.node(victim), body, key), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(random.nextInt(120)); // where in the payment the kill lands: random, from the printed seed
            cluster.killNodeNow(victim);
            String first = answer(inFlight);

            // The retry, through the balancer: the survivor answers.
            HttpResponse<String> retry = retryUntilSettled(body, key, Duration.ofSeconds(30));
            cluster.startNode(victim);
            cluster.awaitBalancerKnowsAll(Duration.ofSeconds(60));
            // After the victim's restart its recovery settles anything it left in doubt; the key then
            // answers with one payment, and only one exists.
            HttpResponse<String> settled = retryUntil(body, key, Duration.ofSeconds(90), r -> r.statusCode() == 200 || r.statusCode() == 201);
            String id = json(settled.body()).getString("id");
            assertThat(Database.paymentsWithKey(key)).as("trial %d: payments with the key (first answer %s, retry %d)", trial, first, retry.statusCode())
                    .isEqualTo(1);
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(Cluster.BALANCER.resolve("payments/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as("trial %d: the payment reads back through the balancer: %s", trial, read.body()).isEqualTo(200);
            assertThat(json(read.body()).getString("idempotencyKey", key)).isEqualTo(key);
            outcomes.add("trial " + trial + ": node-" + victim + " killed; in-flight answer " + first + ", retry " + retry.statusCode()
                    + ", settled " + settled.statusCode() + " " + id);
        }
        System.out.println(String.join("\n", outcomes));
    }

    /**
     * The in-doubt case, made certain rather than left to where a random kill lands: node 2 runs
     * with a Byteman rule that halts its JVM at the start of phase two of a payment's commit, once
     * every branch is prepared and Narayana has logged its decision (failover-faults.btm). The
     * payment is then prepared in PostgreSQL and holds its Idempotency-Key's row until node 2 is
     * back and recovers it. Meanwhile the client's retry through the balancer reaches node 1,
     * which answers 409 (the outcome is not known yet) within its bounded wait for the key, and
     * writes nothing; it used to wait on that row until its client gave up. Once node 2 has
     * restarted and recovered, the same key answers with the one payment, replayed.
     */
    @Test
    void aPaymentInDoubtOnADeadNodeIs409ThroughTheOtherUntilThatNodeRecoversIt(Cluster cluster) throws Exception {
        int victim = 2;
        cluster.stopNode(victim);
        cluster.startNodeWithFaults(victim);
        cluster.awaitBalancerKnowsAll(Duration.ofSeconds(60));
        String key = UUID.randomUUID().toString();
        String body = "{\"orderId\":\"in-doubt-" + key + "\",\"amount\":2500,\"currency\":\"EUR\",\"method\":\"wallet\"}";
        long preparedBefore = Database.preparedTransactions();
        long jvm = cluster.pid(victim); // before the halt: standalone.sh deletes server.pid once the JVM has exited
        try {
            cluster.arm("logged-before-commit");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HTTP.send(post(Cluster.node(victim), body, key), HttpResponse.BodyHandlers.ofString()))
                    .as("node-%d halts before it answers", victim).isInstanceOf(IOException.class);
            cluster.awaitDeath(victim, jvm, Duration.ofSeconds(30));
        } finally {
            cluster.disarmAll();
        }
        assertThat(Database.preparedTransactions()).as("the payment is prepared in PostgreSQL, in doubt").isGreaterThan(preparedBefore);
        assertThat(Database.paymentsWithKey(key)).as("no reader sees a prepared payment").isZero();

        HttpResponse<String> meanwhile = retryUntil(body, key, Duration.ofSeconds(30), r -> r.statusCode() == 409);
        JsonObject problem = json(meanwhile.body());
        assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:idempotency-key-in-use");
        assertThat(problem.getString("detail")).contains("awaits recovery");
        assertThat(Database.paymentsWithKey(key)).as("the retry on node 1 wrote nothing").isZero();

        cluster.startNode(victim);
        cluster.awaitBalancerKnowsAll(Duration.ofSeconds(60));
        HttpResponse<String> settled = retryUntil(body, key, Duration.ofSeconds(120), r -> r.statusCode() == 201 || r.statusCode() == 200);
        assertThat(settled.headers().firstValue("Idempotent-Replayed")).as("node-%d's recovery committed the first request; this is its answer: %s",
                victim, settled.body()).hasValue("true");
        assertThat(Database.paymentsWithKey(key)).isEqualTo(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Database.preparedTransactions() > preparedBefore && System.nanoTime() < deadline) {
            Thread.sleep(250); // polling recovery's end, with a deadline
        }
        assertThat(Database.preparedTransactions()).as("recovery left nothing prepared (node-%d log: %s)", victim, cluster.serverLog(victim))
                .isEqualTo(preparedBefore);
        System.out.println("PaymentFailoverIT in doubt: retry through the survivor " + meanwhile.statusCode() + " (" + problem.getString("detail")
                + "), after node-" + victim + "'s recovery " + settled.statusCode() + " replayed");
    }

    private static HttpRequest post(URI api, String body, String key) {
        return HttpRequest.newBuilder(api.resolve("payments")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String answer(CompletableFuture<HttpResponse<String>> f) {
        try {
            return Integer.toString(f.get().statusCode());
        } catch (Exception e) {
            return "none (" + e.getCause().getClass().getSimpleName() + ")";
        }
    }

    /** Retries through the balancer until the answer is not a lost connection. */
    private static HttpResponse<String> retryUntilSettled(String body, String key, Duration timeout) throws Exception {
        return retryUntil(body, key, timeout, r -> true);
    }

    private static HttpResponse<String> retryUntil(String body, String key, Duration timeout,
                                                   java.util.function.Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(post(Cluster.BALANCER, body, key), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("a retry's answer: %s", r.body()).isIn(200, 201, 409, 503);
                if (r.statusCode() != 503 && done.test(r)) {
                    return r;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250); // retrying as a client would, with a deadline
        }
        throw new AssertionError("no settled answer for key " + key + " within " + timeout.toSeconds() + " s; last: " + last);
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
