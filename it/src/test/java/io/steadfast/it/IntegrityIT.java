package io.steadfast.it;

import io.steadfast.integrity.domain.IntegrityViolationException;
import io.steadfast.integrity.infrastructure.IntegrityGuard;
import io.steadfast.integrity.infrastructure.IntegrityRepairs;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Integrity codes on payment rows, enforced by the JPA entity listener: rows are edited with
 * plain SQL behind the application's back, for each case.
 */
@ExtendWith(ArquillianExtension.class)
class IntegrityIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/PaymentServiceBean!io.steadfast.payment.application.PaymentService")
    PaymentService payments;

    @EJB(lookup = "java:global/steadfast/steadfast-it/Forger")
    Forger forger;

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/IntegrityRepairs")
    IntegrityRepairs repairs;

    @Inject
    IntegrityGuard guard;

    private String pay(long amount) {
        return payments.create(new NewPayment("order-integrity", amount, "EUR", PaymentMethod.CARD, UUID.randomUUID().toString()))
                .payment().id();
    }

    private static boolean causedByIntegrityViolation(Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof IntegrityViolationException) {
                return true;
            }
        }
        return false;
    }

    private boolean quarantined(String id) {
        return repairs.quarantined().stream().anyMatch(q -> q.getEntityId().equals(id));
    }

    /**
     * The suite's server starts from empty data, so it created its key store: one line, saying that
     * the store did not exist (it used to be three lines reading as if the seal key were replaced).
     * The log is appended to across runs and by the build's embedded servers, so the lines counted
     * are those from shortly before the store was written on.
     */
    @Test
    void theServerLogsTheCreationOfItsKeyStoreOnceSayingWhy() throws Exception {
        java.nio.file.Path store = java.nio.file.Path.of(System.getProperty("jboss.server.data.dir"), "steadfast-keys.p12");
        java.time.Instant written = java.nio.file.Files.getLastModifiedTime(store).toInstant();
        java.time.format.DateTimeFormatter stamp = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")
                .withZone(java.time.ZoneId.systemDefault());
        java.util.List<String> created = java.nio.file.Files.readAllLines(
                        java.nio.file.Path.of(System.getProperty("jboss.server.log.dir"), "server.log")).stream()
                .filter(l -> l.contains("STEADFAST-INTEGRITY-0003") && l.length() > 23)
                .filter(l -> !java.time.Instant.from(stamp.parse(l.substring(0, 23))).isBefore(written.minusSeconds(30)))
                .toList();
        assertThat(created).singleElement().asString().contains("did not exist").contains(store.toString()).doesNotContain("replac");
    }

    @Test
    void aSingleFlippedBitInTheAmountIsCorrectedAndWrittenBack() {
        String id = pay(4_250);
        long before = guard.correctedCount();
        forger.flipAmountBits(id, 1L << 12);
        assertThat(forger.storedAmount(id)).isEqualTo(4_250 ^ (1L << 12));

        assertThat(payments.find(id)).hasValueSatisfying(p -> assertThat(p.amountMinor()).isEqualTo(4_250));
        assertThat(guard.correctedCount() - before).isEqualTo(1);
        assertThat(forger.storedAmount(id)).as("written back").isEqualTo(4_250);
        assertThat(payments.find(id)).hasValueSatisfying(p -> assertThat(p.amountMinor()).isEqualTo(4_250));
        assertThat(guard.correctedCount() - before).as("nothing left to correct").isEqualTo(1);
        assertThat(quarantined(id)).isFalse();
    }

    @Test
    void twoFlippedBitsAreQuarantinedAndAnsweredWithAProblem() throws Exception {
        String id = pay(9_999);
        forger.flipAmountBits(id, (1L << 3) | (1L << 40));

        assertThat(causedByIntegrityViolation(catchThrowable(() -> payments.find(id)))).isTrue();
        assertThat(quarantined(id)).isTrue();

        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/api/v1/payments/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonObject problem;
        try (var reader = Json.createReader(new StringReader(r.body()))) {
            problem = reader.readObject();
        }
        assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:integrity-violation");
        assertThat(problem.getString("detail")).contains(id);

        HttpResponse<String> list = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/api/v1/admin/quarantine")).header("Authorization", Api.ADMIN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id);
    }

    @Test
    void aHandEditedFieldIsCaughtByTheCrc() {
        String id = pay(100);
        forger.sql("update payment set order_id = 'order-tampered' where id = ?", id);

        assertThat(causedByIntegrityViolation(catchThrowable(() -> payments.find(id)))).isTrue();
        assertThat(repairs.quarantined()).anySatisfy(q -> {
            assertThat(q.getEntityId()).isEqualTo(id);
            assertThat(q.getReason()).contains("CRC32C");
        });
    }

    @Test
    void aForgerWithoutTheKeyIsCaughtByTheSeal() {
        String id = pay(100);
        forger.forgeAmount(id, 100_000);

        assertThat(causedByIntegrityViolation(catchThrowable(() -> payments.find(id)))).isTrue();
        assertThat(repairs.quarantined()).anySatisfy(q -> {
            assertThat(q.getEntityId()).isEqualTo(id);
            assertThat(q.getReason()).contains("seal");
        });
    }

    @Test
    void aQuarantinedRowIsListedByItsIdAloneAndTheRestOfThePageIsServed() throws Exception {
        String orderId = "order-list-" + UUID.randomUUID();
        String[] ids = new String[3];
        for (int i = 0; i < ids.length; i++) {
            HttpResponse<String> r = Api.post("payments", "{\"orderId\":\"" + orderId + "\",\"amount\":" + (100 + i)
                    + ",\"currency\":\"EUR\",\"method\":\"wallet\"}", UUID.randomUUID().toString());
            assertThat(r.statusCode()).isEqualTo(201);
            ids[i] = Api.json(r.body()).getString("id");
        }
        forger.flipAmountBits(ids[1], (1L << 2) | (1L << 33));
        long logBefore = serverLogSize();

        // Twice: the first listing finds the damage, the second one finds the row already quarantined.
        for (int round = 0; round < 2; round++) {
            HttpResponse<String> list = Api.get(Api.BASE.resolve("payments?orderId=" + orderId));
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            var items = Api.json(list.body()).getJsonArray("items");
            assertThat(items).hasSize(3);
            // Newest first: ids[2], ids[1] (quarantined), ids[0].
            assertThat(items.getJsonObject(0).getString("id")).isEqualTo(ids[2]);
            assertThat(items.getJsonObject(0).getJsonNumber("amount").longValueExact()).isEqualTo(102);
            JsonObject bad = items.getJsonObject(1);
            assertThat(bad.getString("id")).isEqualTo(ids[1]);
            assertThat(bad.getString("status")).isEqualTo("QUARANTINED");
            assertThat(bad.getString("integrity")).isEqualTo("violation");
            assertThat(bad.keySet()).as("no unverified field is shown").doesNotContain("amount", "orderId", "currency", "createdAt", "card");
            assertThat(items.getJsonObject(2).getString("id")).isEqualTo(ids[0]);
            assertThat(items.getJsonObject(2).getJsonNumber("amount").longValueExact()).isEqualTo(100);
        }
        assertThat(quarantined(ids[1])).isTrue();
        assertThat(serverLogSince(logBefore)).as("no stack trace per listing").doesNotContain("WFLYEJB0034").doesNotContain("\tat ");

        // Pagination over the quarantined row keeps working: one row per page.
        java.util.List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = Api.get(Api.BASE.resolve("payments?limit=1&orderId=" + orderId
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonObject body = Api.json(page.body());
            body.getJsonArray("items").forEach(v -> seen.add(v.asJsonObject().getString("id")));
            cursor = body.containsKey("next") ? body.getString("next") : null;
        } while (cursor != null && seen.size() < 10);
        assertThat(seen).containsExactly(ids[2], ids[1], ids[0]);
    }

    @Test
    void replayingTheKeyOfAQuarantinedPaymentAnswersTheIntegrityProblem() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"orderId\":\"order-replay-" + key + "\",\"amount\":777,\"currency\":\"EUR\",\"method\":\"wallet\"}";
        HttpResponse<String> first = Api.post("payments", body, key);
        assertThat(first.statusCode()).isEqualTo(201);
        String id = Api.json(first.body()).getString("id");
        forger.flipAmountBits(id, (1L << 5) | (1L << 21));
        assertThat(causedByIntegrityViolation(catchThrowable(() -> payments.find(id)))).isTrue();

        long logBefore = serverLogSize();
        for (int round = 0; round < 2; round++) {
            HttpResponse<String> again = Api.post("payments", body, key);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(500);
            assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            JsonObject problem = Api.json(again.body());
            assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:integrity-violation");
            assertThat(problem.getString("detail")).contains(id);
        }
        assertThat(serverLogSince(logBefore)).as("no stack trace per replay").doesNotContain("WFLYEJB0034").doesNotContain("\tat ");
    }

    private static java.nio.file.Path serverLog() {
        return java.nio.file.Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
    }

    private static long serverLogSize() throws java.io.IOException {
        return java.nio.file.Files.size(serverLog());
    }

    private static String serverLogSince(long offset) throws java.io.IOException {
        try (var ch = java.nio.channels.FileChannel.open(serverLog())) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.max(0, ch.size() - offset));
            ch.read(buf, offset);
            return new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDamagedIdempotencyRecordWithALongKeyIsQuarantinedAndItsReplayAnswersTheProblem() throws Exception {
        String key = "long-key-" + "x".repeat(200) + UUID.randomUUID();
        String body = "{\"orderId\":\"order-long-key\",\"amount\":321,\"currency\":\"EUR\",\"method\":\"wallet\"}";
        assertThat(Api.post("payments", body, key).statusCode()).isEqualTo(201);
        forger.flipAmountBits("idempotency_record", "idempotency_key", key, (1L << 4) | (1L << 30));

        HttpResponse<String> again = Api.post("payments", body, key);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(500);
        JsonObject problem = Api.json(again.body());
        assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:integrity-violation");
        assertThat(problem.getString("detail")).contains("IdempotencyRecord");
        assertThat(quarantined(key)).isTrue();
    }
}
