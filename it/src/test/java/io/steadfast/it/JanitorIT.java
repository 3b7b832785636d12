package io.steadfast.it;

import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.internal.CardPaymentSteps;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.payment.domain.PaymentGateway;
import io.steadfast.scheduling.infrastructure.ScheduledRuns;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;

import static io.steadfast.it.Api.BASE;
import static io.steadfast.it.Api.get;
import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The payment janitor in the test server, which runs it every second on payments 8 s old with
 * three attempts (standalone-config/properties/it.properties): card payments left UNKNOWN or
 * PENDING are settled from the simulated acquirer's memory exactly as the live path would have
 * settled them (ledger, signed receipt, the idempotency record's answer), one never sent to the
 * acquirer is declined, and one whose outcome stays unknown is handed to an operator.
 */
@ExtendWith(ArquillianExtension.class)
class JanitorIT {

    /** Times out, but the acquirer approved it. */
    private static final String TIMEOUT_BUT_APPROVED = "4000000000000127";
    /** Times out, and the acquirer never decides. */
    private static final String TIMEOUT = "4000000000000119";
    private static final String APPROVE = "4242424242424242";
    /** Well past the threshold, the three attempts and their backoff, on a slow machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @Inject
    Probe probe;

    @EJB
    CardPaymentSteps cardSteps;

    @EJB
    ScheduledRuns scheduledRuns;

    @Inject
    PaymentGateway gateway;

    private static String body(String orderId, String pan, boolean capture) {
        return "{\"orderId\":\"" + orderId + "\",\"amount\":3100,\"currency\":\"EUR\",\"method\":\"card\",\"capture\":" + capture
                + ",\"card\":{\"number\":\"" + pan + "\"}}";
    }

    private static JsonObject read(String id) throws Exception {
        HttpResponse<String> r = get(BASE.resolve("payments/" + id));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    /** Waits, with a deadline, until the payment's status is {@code status}; returns it then. */
    private static JsonObject awaitStatus(String id, String status) {
        JsonObject[] last = new JsonObject[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = read(id);
            return last[0].getString("status").equals(status);
        });
        return last[0];
    }

    /**
     * The payment's receipt, once it is there or at the deadline: a reader can see the settled
     * status between the commit of the database branch and that of the vault branch.
     */
    private static HttpResponse<String> awaitReceipt(String id) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get(BASE.resolve("payments/" + id + "/receipt"));
            return last[0].statusCode() == 200;
        });
        return last[0];
    }

    /** A retry of the request with its key: replayed, 201, with the payment as it is now. */
    private static void assertReplayIs(String request, String key, JsonObject now) throws Exception {
        HttpResponse<String> replay = PaymentApiIT.post(request, key);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(replay.body())).as("the settled answer, not the one the first request got").isEqualTo(now);
    }

    private long attempts(String id) {
        return probe.count("select attempts from payment_settlement where payment_id = ?", id);
    }

    /**
     * A task's claim made on a longer schedule (the janitor's, before its setting was shortened
     * across a restart) refuses every fire of the new schedule until it is forgotten; what the
     * timers' owner does when it makes them (ScheduledTasks), here on the database, on a task of
     * the test's own.
     */
    @Test
    void aClaimOfALongerScheduleIsForgottenAndClaimsMoveOnFromNow() {
        String task = "it-" + UUID.randomUUID();
        probe.update("insert into scheduled_task (name, last_fire, last_node, last_run_at, runs) values (?, "
                + "timestamp with time zone '1970-01-01 00:00:00+00', '-', timestamp with time zone '1970-01-01 00:00:00+00', 0)", task);
        try {
            Instant now = Instant.now();
            Instant hourly = now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            Instant first = now.plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
            Instant horizon = first.plus(Duration.ofMinutes(1));
            Instant recent = now.minus(Duration.ofMinutes(1));
            assertThat(scheduledRuns.claim(task, hourly, now)).isTrue();
            assertThat(scheduledRuns.forgetClaimAfter(task, horizon, recent, now))
                    .as("kept: a run that began just now may be a holder's on the same schedule, a period ahead").isNull();
            Instant hourlyBeforeTheRestart = hourly.plus(Duration.ofHours(1));
            assertThat(scheduledRuns.claim(task, hourlyBeforeTheRestart, now.minus(Duration.ofMinutes(10)))).isTrue();
            assertThat(scheduledRuns.claim(task, first, now)).as("refused while the longer schedule's claim stands").isFalse();

            assertThat(scheduledRuns.forgetClaimAfter(task, horizon, recent, now)).isEqualTo(hourlyBeforeTheRestart);

            assertThat(scheduledRuns.forgetClaimAfter(task, horizon, recent, now)).as("nothing left to forget").isNull();
            assertThat(scheduledRuns.claim(task, first, now)).as("the new schedule's fire").isTrue();
            assertThat(scheduledRuns.claim(task, first, now)).as("claims move forward only, again").isFalse();
            assertThat(probe.count("select runs from scheduled_task where name = ?", task)).as("three fires ran").isEqualTo(3);
        } finally {
            probe.update("delete from scheduled_task where name = ?", task);
        }
    }

    @Test
    void aTimeoutTheAcquirerApprovedIsCapturedWithLedgerAndReceiptAndItsKeyReplaysThat() throws Exception {
        String request = body("order-janitor-approved-" + UUID.randomUUID(), TIMEOUT_BUT_APPROVED, true);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = PaymentApiIT.post(request, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonObject unknown = json(first.body());
        assertThat(unknown.getString("status")).isEqualTo("UNKNOWN");
        String id = unknown.getString("id");
        assertThat(probe.receiptExists(id)).isFalse();

        JsonObject captured = awaitStatus(id, "CAPTURED");
        assertThat(captured.getJsonNumber("captured").longValue()).isEqualTo(3100);
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).as("the capture's two postings").isEqualTo(2);
        assertThat(probe.count("select coalesce(sum(amount_minor), 0) from ledger_entry where payment_id = ? and account = 'merchant:payable'", id))
                .isEqualTo(-3100);
        // The janitor's transaction commits the database branch and the vault branch one after the
        // other, so for a moment the new status is visible before the receipt is.
        HttpResponse<String> receipt = awaitReceipt(id);
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        assertThat(receipt.headers().firstValue("Receipt-Signature")).hasValueSatisfying(sig -> assertThat(sig).startsWith("alg=Ed25519; sig="));
        assertThat(probe.count("select count(*) from payment where id = ? and gateway_reference = ?", id, "sim-" + id.substring(0, 8)))
                .as("the acquirer's reference").isEqualTo(1);
        assertThat(attempts(id)).isEqualTo(1);
        assertReplayIs(request, key, captured);
        awaitLogLine("STEADFAST-JANITOR-0001", id);
    }

    @Test
    void anAuthorizationTheAcquirerApprovedIsAuthorizedWithoutMovingMoney() throws Exception {
        String request = body("order-janitor-auth-" + UUID.randomUUID(), TIMEOUT_BUT_APPROVED, false);
        String key = UUID.randomUUID().toString();
        String id = json(PaymentApiIT.post(request, key).body()).getString("id");

        JsonObject authorized = awaitStatus(id, "AUTHORIZED");
        assertThat(authorized.getJsonNumber("captured").longValue()).isZero();
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).isZero();
        assertThat(awaitReceipt(id).statusCode()).as("the signed receipt of the approval").isEqualTo(200);
        assertThat(probe.receiptExists(id)).isTrue();
        assertReplayIs(request, key, authorized);
        HttpResponse<String> capture = Api.post("payments/" + id + "/capture", "{\"amount\":3100}", UUID.randomUUID().toString());
        assertThat(capture.statusCode()).as("an authorization like any other: it can be captured").isEqualTo(200);
    }

    @Test
    void anOutcomeThatStaysUnknownNeedsAnOperatorAfterTheLastAttempt() throws Exception {
        String orderId = "order-janitor-unknown-" + UUID.randomUUID();
        String request = body(orderId, TIMEOUT, true);
        String key = UUID.randomUUID().toString();
        String id = json(PaymentApiIT.post(request, key).body()).getString("id");

        JsonObject stuck = awaitStatus(id, "NEEDS_OPERATOR");
        assertThat(attempts(id)).as("asked as often as allowed").isEqualTo(Long.parseLong(System.getProperty("steadfast.janitor.max-attempts")));
        assertThat(stuck.getJsonNumber("captured").longValue()).isZero();
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).as("no money moved").isZero();
        assertThat(probe.receiptExists(id)).isFalse();
        assertReplayIs(request, key, stuck);
        HttpResponse<String> listed = get(BASE.resolve("payments?status=NEEDS_OPERATOR&orderId=" + orderId));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(json(listed.body()).getJsonArray("items").getJsonObject(0)).isEqualTo(stuck);

        String line = awaitLogLine("STEADFAST-JANITOR-0002", id);
        assertThat(line).contains("NEEDS_OPERATOR").doesNotContain(TIMEOUT).as("not even masked").doesNotContain("******");
    }

    /** A crash after the PENDING record, before the gateway was called: nothing was charged, so declined. */
    @Test
    void aPaymentCutOffBeforeTheAcquirerGotItIsDeclinedAsNeverReceived() throws Exception {
        String orderId = "order-janitor-cut-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        NewPayment cmd = new NewPayment(orderId, 3100, "EUR", PaymentMethod.CARD, key, true);
        String id = cardSteps.recordPending(cmd, APPROVE).payment().id();
        assertThat(read(id).getString("status")).isEqualTo("PENDING");

        JsonObject declined = awaitStatus(id, "DECLINED");
        assertThat(declined.getString("declineReason")).isEqualTo(CardPaymentSteps.NEVER_RECEIVED);
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).isZero();
        assertReplayIs(body(orderId, APPROVE, true), key, declined);
    }

    /** A crash after the acquirer approved, before the answer was recorded: captured as the live path would have. */
    @Test
    void aPaymentCutOffAfterTheAcquirerApprovedIsCaptured() throws Exception {
        String orderId = "order-janitor-cut-approved-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        NewPayment cmd = new NewPayment(orderId, 3100, "EUR", PaymentMethod.CARD, key, true);
        String id = cardSteps.recordPending(cmd, APPROVE).payment().id();
        assertThat(gateway.authorize(id, APPROVE.toCharArray(), 3100, "EUR").outcome()).isEqualTo(PaymentGateway.Outcome.APPROVED);

        JsonObject captured = awaitStatus(id, "CAPTURED");
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).isEqualTo(2);
        assertThat(probe.receiptExists(id)).isTrue();
        assertReplayIs(body(orderId, APPROVE, true), key, captured);
    }

    @Test
    void theAcquirersMemoryHoldsPaymentIdsAndNeverACardNumber() throws Exception {
        String id = json(PaymentApiIT.post(body("order-janitor-memory-" + UUID.randomUUID(), APPROVE, true), UUID.randomUUID().toString())
                .body()).getString("id");
        Path memory = Path.of(System.getProperty("jboss.server.data.dir"), "simulated-acquirer", "answers.log");
        String content = Files.readString(memory, StandardCharsets.ISO_8859_1);
        assertThat(content).contains(id + "\tAPPROVED");
        for (String pan : new String[] {APPROVE, TIMEOUT, TIMEOUT_BUT_APPROVED}) {
            assertThat(content).doesNotContain(pan);
        }
    }

    /** Waits for the server log line with this message id that names the payment; returns it. */
    private static String awaitLogLine(String messageId, String paymentId) {
        Path log = Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
        String[] found = new String[1];
        await().atMost(DEADLINE).until(() -> {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                found[0] = lines.filter(l -> l.contains(messageId) && l.contains(paymentId)).findFirst().orElse(null);
            }
            return found[0] != null;
        });
        return found[0];
    }
}
