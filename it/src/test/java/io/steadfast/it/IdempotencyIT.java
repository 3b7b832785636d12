package io.steadfast.it;

import io.steadfast.payment.application.internal.IdempotencyJanitor;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency keys over HTTP: replays, reuse with another body, concurrency, and the purge. */
@ExtendWith(ArquillianExtension.class)
class IdempotencyIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @Inject
    Probe probe;

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/IdempotencyJanitor")
    IdempotencyJanitor janitor;

    private static String body(long amount) {
        return "{\"orderId\":\"order-idem\",\"amount\":" + amount + ",\"currency\":\"EUR\",\"method\":\"wallet\"}";
    }

    @Test
    void aRetryGetsTheSameStatusAndBody() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = PaymentApiIT.post(body(700), key);
        HttpResponse<String> again = PaymentApiIT.post(body(700), key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndChangesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(PaymentApiIT.post(body(700), key).statusCode()).isEqualTo(201);
        long rows = probe.paymentRows();

        HttpResponse<String> reused = PaymentApiIT.post(body(701), key);

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(json(reused.body()).getString("type")).isEqualTo("urn:steadfast:problem:idempotency-key-reused");
        assertThat(probe.paymentRows()).isEqualTo(rows);
    }

    /**
     * Another transaction holds the key and has not ended: on a cluster, a request still running
     * on another node, or one in doubt on a node that died (prepared, waiting for that node's
     * recovery). The retry used to wait on the key's row for as long as that lasted; now it waits
     * a bounded time (PaymentCreation.CLAIM_WAIT on PostgreSQL, H2's own lock timeout) and is told
     * 409, retry later. Nothing is written; once the holder ends, the same key makes the payment.
     * On PostgreSQL also with the key held by a prepared transaction (in doubt).
     */
    @Test
    void aKeyHeldByATransactionThatHasNotEndedIs409AndThenWorksOnceItEnds() throws Exception {
        String key = UUID.randomUUID().toString();
        long rows = probe.paymentRows();
        try (AutoCloseable held = probe.holdKey(key)) {
            assertHeld(PaymentApiIT.post(body(700), key));
            assertThat(probe.paymentRows()).as("nothing written meanwhile").isEqualTo(rows);
        }
        HttpResponse<String> after = PaymentApiIT.post(body(700), key);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);

        if (probe.isPostgreSql()) {
            // The same with the key held by a prepared transaction, as a killed node leaves it until its recovery.
            String inDoubt = UUID.randomUUID().toString();
            String gid = "steadfast-it-" + inDoubt;
            long before = probe.paymentRows();
            probe.prepareHoldingKey(inDoubt, gid);
            try {
                assertHeld(PaymentApiIT.post(body(700), inDoubt));
                assertHeld(PaymentApiIT.post(body(700), inDoubt));
                assertThat(probe.paymentRows()).isEqualTo(before);
            } finally {
                probe.rollbackPrepared(gid);
            }
            HttpResponse<String> settled = PaymentApiIT.post(body(700), inDoubt);
            assertThat(settled.statusCode()).as(settled.body()).isEqualTo(201);
        }
    }

    /**
     * The same for an operation: a capture whose payment's row is held by a transaction that has
     * not ended (another capture or refund, on another node, running or in doubt) is told 409
     * within the bounded wait, changes nothing, and goes through once the holder ends.
     */
    @Test
    void anOperationOnAPaymentHeldByATransactionThatHasNotEndedIs409AndThenWorks() throws Exception {
        HttpResponse<String> auth = PaymentApiIT.post("{\"orderId\":\"order-held\",\"amount\":900,\"currency\":\"EUR\","
                + "\"method\":\"wallet\",\"capture\":false}", UUID.randomUUID().toString());
        assertThat(auth.statusCode()).as(auth.body()).isEqualTo(201);
        String id = json(auth.body()).getString("id");
        String key = UUID.randomUUID().toString();
        try (AutoCloseable held = probe.holdPayment(id)) {
            HttpResponse<String> meanwhile = Api.post("payments/" + id + "/capture", "{\"amount\":900}", key);
            assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(409);
            JsonObject problem = json(meanwhile.body());
            assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:idempotency-key-in-use");
            assertThat(problem.getString("detail")).contains("another request on this payment").contains("awaits recovery");
        }
        assertThat(json(Api.get(Api.BASE.resolve("payments/" + id)).body()).getJsonNumber("captured").longValue())
                .as("nothing captured meanwhile").isZero();
        HttpResponse<String> after = Api.post("payments/" + id + "/capture", "{\"amount\":900}", key);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    private static void assertHeld(HttpResponse<String> meanwhile) {
        assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(409);
        JsonObject problem = json(meanwhile.body());
        assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:idempotency-key-in-use");
        assertThat(problem.getString("detail")).contains("awaits recovery").contains("Retry with the same key later");
    }

    @Test
    void fiftyConcurrentRequestsWithOneKeyMakeExactlyOnePayment() throws Exception {
        String key = UUID.randomUUID().toString();
        int requests = 50;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return PaymentApiIT.post(body(1234), key);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        int created = 0;
        int inFlight = 0;
        for (CompletableFuture<HttpResponse<String>> f : futures) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isIn(201, 409);
            if (r.statusCode() == 201) {
                created++;
                ids.add(json(r.body()).getString("id"));
            } else {
                inFlight++;
                assertThat(json(r.body()).getString("type")).isEqualTo("urn:steadfast:problem:idempotency-key-in-use");
            }
        }
        pool.shutdown();
        System.out.printf("IdempotencyIT: %d x 201 (one payment), %d x 409 while the first was in flight%n", created, inFlight);
        assertThat(created).isPositive();
        assertThat(ids).hasSize(1);
        assertThat(probe.count("select count(*) from payment where idempotency_key = ?", key)).isEqualTo(1);
        assertThat(probe.receipts()).isPositive();
    }

    @Test
    void concurrentCapturesRefundsAndVoidsWithOneKeyEachMoveMoneyOnce() throws Exception {
        int n = 24;
        String orderId = "order-idem-ops-" + UUID.randomUUID();
        String auth = json(PaymentApiIT.post("{\"orderId\":\"" + orderId + "\",\"amount\":1000,\"currency\":\"EUR\","
                + "\"method\":\"wallet\",\"capture\":false}", UUID.randomUUID().toString()).body()).getString("id");

        String captureKey = UUID.randomUUID().toString();
        JsonObject captured = Api.samePaymentOrInUse(
                Api.concurrently(n, () -> Api.post("payments/" + auth + "/capture", "{\"amount\":600}", captureKey)), 200);
        assertThat(captured.getJsonNumber("captured").longValue()).isEqualTo(600);

        String refundKey = UUID.randomUUID().toString();
        JsonObject refunded = Api.samePaymentOrInUse(
                Api.concurrently(n, () -> Api.post("payments/" + auth + "/refunds", "{\"amount\":250}", refundKey)), 200);
        assertThat(refunded.getJsonNumber("refunded").longValue()).as("refunded once").isEqualTo(250);
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", auth)).as("one capture, one refund").isEqualTo(4);

        String second = json(PaymentApiIT.post("{\"orderId\":\"" + orderId + "\",\"amount\":300,\"currency\":\"EUR\","
                + "\"method\":\"wallet\",\"capture\":false}", UUID.randomUUID().toString()).body()).getString("id");
        String voidKey = UUID.randomUUID().toString();
        JsonObject voided = Api.samePaymentOrInUse(
                Api.concurrently(n, () -> Api.post("payments/" + second + "/void", null, voidKey)), 200);
        assertThat(voided.getString("status")).isEqualTo("VOIDED");
        assertThat(Api.paymentsOf(orderId)).isEqualTo(2);
    }

    @Test
    void concurrentWalletPaymentsWithOneKeyNeverGet422() throws Exception {
        String orderId = "order-idem-par-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String request = "{\"orderId\":\"" + orderId + "\",\"amount\":4321,\"currency\":\"EUR\",\"method\":\"wallet\"}";
        JsonObject paid = Api.samePaymentOrInUse(Api.concurrently(48, () -> PaymentApiIT.post(request, key)), 201);
        assertThat(paid.getString("status")).isEqualTo("CAPTURED");
        assertThat(Api.paymentsOf(orderId)).isEqualTo(1);
        HttpResponse<String> later = PaymentApiIT.post(request, key);
        assertThat(later.statusCode()).isEqualTo(201);
        assertThat(later.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(later.body())).isEqualTo(paid);
    }

    @Test
    void thePurgeRemovesRecordsOlderThanItsCutoff() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(PaymentApiIT.post(body(55), key).statusCode()).isEqualTo(201);
        assertThat(probe.count("select count(*) from idempotency_record where idempotency_key = ?", key)).isEqualTo(1);

        assertThat(janitor.purgeOlderThan(Instant.now().minusSeconds(3600))).as("nothing is an hour old").isZero();
        assertThat(janitor.purgeOlderThan(Instant.now().plusSeconds(1))).isPositive();
        assertThat(probe.count("select count(*) from idempotency_record where idempotency_key = ?", key)).isZero();
    }
}
