package io.steadfast.it;

import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.steadfast.it.Api.HTTP;
import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API (README, "Operating Steadfast"): who may do what, an in-doubt transaction joined
 * to its payment and recovered by an operator, a stuck card payment settled by one, and the
 * audit trail that records both and notices an entry edited by hand.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    private static final URI ADMIN = URI.create("http://127.0.0.1:8080/api/v1/admin/");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/PaymentServiceBean!io.steadfast.payment.application.PaymentService")
    PaymentService payments;

    @Inject
    Probe probe;

    @EJB(lookup = "java:global/steadfast/steadfast-it/Forger")
    Forger forger;

    private static HttpResponse<String> as(String authorization, String method, String path, String body) throws Exception {
        return Api.send(HTTP, method, ADMIN.resolve(path), body, null, authorization);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonObject problem = json(r.body());
        assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:" + type);
        assertThat(problem.getString("detail")).isNotBlank();
    }

    @Test
    void onlyOperatorsGetIn_andOnlyAdminsAct() throws Exception {
        assertProblem(as(null, "GET", "in-doubt", null), 401, "unauthorized");
        assertThat(as(null, "GET", "in-doubt", null).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Basic"));
        assertThat(as(Api.basic("admin", "wrong-password-1"), "GET", "in-doubt", null).statusCode()).isEqualTo(401);
        assertThat(as(Api.basic("nobody", "admin-secret-1"), "GET", "in-doubt", null).statusCode()).isEqualTo(401);
        assertProblem(as(null, "GET", "vault", null), 401, "unauthorized");
        assertProblem(as(null, "POST", "vault/scrub", "{\"reason\":\"x\"}"), 401, "unauthorized");

        HttpResponse<String> auditor = as(Api.AUDITOR, "GET", "me", null);
        assertThat(auditor.statusCode()).as(auditor.body()).isEqualTo(200);
        assertThat(json(auditor.body()).getString("user")).isEqualTo("auditor");
        assertThat(json(auditor.body()).getBoolean("canAct")).isFalse();
        assertThat(as(Api.AUDITOR, "GET", "in-doubt", null).statusCode()).isEqualTo(200);
        assertThat(as(Api.AUDITOR, "GET", "audit/verify", null).statusCode()).isEqualTo(200);
        long entries = json(as(Api.ADMIN, "GET", "audit/verify", null).body()).getJsonNumber("entries").longValue();
        assertProblem(as(Api.AUDITOR, "POST", "vault/scrub", "{\"reason\":\"an auditor tries\"}"), 403, "forbidden");
        assertProblem(as(Api.AUDITOR, "POST", "payments/" + UUID.randomUUID() + "/settle",
                "{\"reason\":\"x\",\"outcome\":\"DECLINED\",\"confirm\":true}"), 403, "forbidden");
        assertThat(json(as(Api.ADMIN, "GET", "audit/verify", null).body()).getJsonNumber("entries").longValue())
                .as("a refused action leaves no audit entry").isEqualTo(entries);

        HttpResponse<String> admin = as(Api.ADMIN, "GET", "me", null);
        assertThat(json(admin.body()).getBoolean("canAct")).isTrue();
        assertThat(as(Api.AUDITOR, "POST", "session/logout", null).statusCode()).as("every operator may sign out").isEqualTo(204);
    }

    @Test
    void badActionsAreProblemsAndChangeNothing() throws Exception {
        long entries = json(as(Api.ADMIN, "GET", "audit/verify", null).body()).getJsonNumber("entries").longValue();
        assertProblem(as(Api.ADMIN, "POST", "in-doubt/0:ffff7f000001:1:2:3/recover", "{}"), 400, "invalid-request");
        assertProblem(as(Api.ADMIN, "POST", "in-doubt/0:ffff7f000001:1:2:3/recover", "{\"reason\": 7}"), 400, "invalid-request");
        assertProblem(as(Api.ADMIN, "POST", "in-doubt/0:ffff7f000001:1:2:3/recover", "{\"reason\": \"" + "x".repeat(501) + "\"}"),
                400, "invalid-request");
        assertProblem(as(Api.ADMIN, "POST", "in-doubt/0:ffff7f000001:1:2:3/recover", "{\"reason\": \"no such one\"}"), 404, "not-found");
        assertProblem(as(Api.ADMIN, "POST", "in-doubt/0:ffff7f000001:1:2:3/forget", "{\"reason\": \"r\", \"participantId\": \"p\"}"),
                400, "invalid-request");
        assertProblem(as(Api.ADMIN, "POST", "payments/" + UUID.randomUUID() + "/settle", "{\"reason\":\"r\",\"outcome\":\"MAYBE\",\"confirm\":true}"),
                400, "invalid-request");
        assertProblem(as(Api.ADMIN, "POST", "payments/" + UUID.randomUUID() + "/settle", "{\"reason\":\"r\",\"outcome\":\"DECLINED\"}"),
                400, "invalid-request");
        assertProblem(as(Api.ADMIN, "POST", "payments/" + UUID.randomUUID() + "/settle", "{\"reason\":\"r\",\"outcome\":\"DECLINED\",\"confirm\":true}"),
                404, "not-found");
        String approved = payments.create(new NewPayment("order-ops-settled", 500, "EUR", PaymentMethod.CARD, UUID.randomUUID().toString()))
                .payment().id();
        assertProblem(as(Api.ADMIN, "POST", "payments/" + approved + "/settle", "{\"reason\":\"r\",\"outcome\":\"DECLINED\",\"confirm\":true}"),
                409, "illegal-transition");
        assertProblem(as(Api.ADMIN, "GET", "audit?limit=0", null), 400, "invalid-request");
        assertProblem(as(Api.ADMIN, "GET", "audit?before=x", null), 400, "invalid-request");
        assertThat(json(as(Api.ADMIN, "GET", "audit/verify", null).body()).getJsonNumber("entries").longValue())
                .as("nothing refused was audited").isEqualTo(entries);
    }

    /**
     * A payment whose vault commit fails (a Byteman rule holds it, as a broken disk would) stays
     * in Narayana's log store across recovery passes; the in-doubt list shows it with its payment
     * and participants; an operator recovers it with a reason (the rule lets go as the action
     * starts: the disk was repaired), and it is gone, the receipt is there, and the audit trail
     * has the action.
     */
    @Test
    void anInDoubtTransactionIsShownWithItsPaymentAndRecoveredByAnOperator() throws Exception {
        System.setProperty("steadfast.fault.vault-commit-held", "armed");
        String id;
        try {
            id = payments.create(new NewPayment("order-ops-in-doubt", 4321, "EUR", PaymentMethod.CARD, UUID.randomUUID().toString()))
                    .payment().id();
        } catch (RuntimeException e) {
            System.clearProperty("steadfast.fault.vault-commit-held");
            throw e;
        }
        assertThat(probe.receiptExists(id)).isFalse();

        JsonObject[] found = new JsonObject[1];
        await("the transaction is in the in-doubt list with its payment").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    found[0] = inDoubtOf(id).orElse(null);
                    return found[0] != null;
                });
        JsonObject tx = found[0];
        JsonObject payment = tx.getJsonObject("payment");
        assertThat(payment.getString("orderId")).isEqualTo("order-ops-in-doubt");
        assertThat(payment.getJsonNumber("amountMinor").longValue()).isEqualTo(4321);
        assertThat(payment.getString("idempotencyKey")).isNotBlank();
        JsonArray participants = tx.getJsonArray("participants");
        assertThat(participants).isNotEmpty();
        assertThat(participants.getValuesAs(JsonObject.class)).extracting(p -> p.getString("status", ""))
                .allSatisfy(s -> assertThat(s).isNotBlank());
        assertThat(System.getProperty("steadfast.fault.vault-commit-held")).as("held across recovery passes").isNotNull();

        String txId = tx.getString("transactionId");
        HttpResponse<String> recovered = as(Api.ADMIN, "POST", "in-doubt/" + URLEncoder.encode(txId, StandardCharsets.UTF_8) + "/recover",
                "{\"reason\": \"vault disk replaced, INC-4711\"}");
        assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
        assertThat(json(recovered.body()).getString("outcome")).as(recovered.body()).isEqualTo("RESOLVED");
        assertThat(inDoubtOf(id)).isEmpty();
        assertThat(probe.receiptExists(id)).isTrue();

        JsonObject entry = json(as(Api.AUDITOR, "GET", "audit?limit=20", null).body()).getJsonArray("entries").getValuesAs(JsonObject.class)
                .stream().filter(e -> e.getString("target").equals(txId)).findFirst().orElseThrow();
        assertThat(entry.getString("actor")).isEqualTo("admin");
        assertThat(entry.getString("action")).isEqualTo("transaction.recover");
        assertThat(entry.getString("reason")).isEqualTo("vault disk replaced, INC-4711");
        assertThat(entry.getString("before")).contains(txId);
        assertThat(entry.get("after")).as("nothing left after (JSON-B leaves a null out)").isNull();
    }

    private static Optional<JsonObject> inDoubtOf(String paymentId) throws Exception {
        HttpResponse<String> r = as(Api.AUDITOR, "GET", "in-doubt", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Api.json("{\"a\":" + r.body() + "}").getJsonArray("a").getValuesAs(JsonObject.class).stream()
                .filter(t -> !t.isNull("payment") && t.getJsonObject("payment").getString("id").equals(paymentId))
                .findFirst();
    }

    /** A card payment whose outcome stays unknown reaches NEEDS_OPERATOR; an operator settles it as approved. */
    @Test
    void aStuckPaymentIsSettledByAnOperator() throws Exception {
        String orderId = "order-ops-stuck-" + UUID.randomUUID();
        String body = "{\"orderId\":\"" + orderId + "\",\"amount\":2500,\"currency\":\"EUR\",\"method\":\"card\",\"capture\":true,"
                + "\"card\":{\"number\":\"4000000000000119\"}}";
        String key = UUID.randomUUID().toString();
        String id = json(Api.post("payments", body, key).body()).getString("id");
        await("the janitor hands it to an operator").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> json(Api.get(Api.BASE.resolve("payments/" + id)).body()).getString("status").equals("NEEDS_OPERATOR"));

        List<JsonObject> stuck = Api.json("{\"a\":" + as(Api.AUDITOR, "GET", "payments/stuck", null).body() + "}").getJsonArray("a")
                .getValuesAs(JsonObject.class);
        assertThat(stuck).filteredOn(p -> p.getString("id").equals(id)).singleElement()
                .satisfies(p -> {
                    assertThat(p.getString("state")).isEqualTo("NEEDS_OPERATOR");
                    assertThat(p.getInt("attempts")).isPositive();
                });

        HttpResponse<String> settled = as(Api.ADMIN, "POST", "payments/" + id + "/settle",
                "{\"reason\": \"acquirer confirmed by phone, ticket 88\", \"outcome\": \"APPROVED\", \"acquirerReference\": \"ACQ-991\", \"confirm\": true}");
        assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
        assertThat(json(settled.body()).getString("state")).isEqualTo("CAPTURED");
        JsonObject now = json(Api.get(Api.BASE.resolve("payments/" + id)).body());
        assertThat(now.getString("status")).isEqualTo("CAPTURED");
        assertThat(probe.receiptExists(id)).as("the approval's signed receipt").isTrue();
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).as("the capture's postings").isEqualTo(2);
        HttpResponse<String> replay = Api.post("payments", body, key);
        assertThat(json(replay.body()).getString("status")).as("a retry gets the settled answer").isEqualTo("CAPTURED");

        assertProblem(as(Api.ADMIN, "POST", "payments/" + id + "/settle", "{\"reason\":\"again\",\"outcome\":\"DECLINED\",\"confirm\":true}"),
                409, "illegal-transition");
        JsonObject entry = json(as(Api.ADMIN, "GET", "audit?limit=1", null).body()).getJsonArray("entries").getJsonObject(0);
        assertThat(entry.getString("action")).isEqualTo("payment.settle-approved");
        assertThat(entry.getString("target")).isEqualTo(id);
        assertThat(entry.getString("before")).contains("NEEDS_OPERATOR");
        assertThat(entry.getString("after")).contains("CAPTURED").contains("ACQ-991");
    }

    /** The chain holds; an entry edited by hand in the database is named as the first broken link; put back, it holds again. */
    @Test
    void anAuditEntryEditedByHandBreaksTheChainThere() throws Exception {
        as(Api.ADMIN, "POST", "vault/scrub", "{\"reason\": \"audit chain test, first\"}");
        as(Api.ADMIN, "POST", "vault/scrub", "{\"reason\": \"audit chain test, second\"}");
        JsonObject verdict = json(as(Api.AUDITOR, "GET", "audit/verify", null).body());
        assertThat(verdict.getBoolean("intact")).as(verdict.toString()).isTrue();
        assertThat(verdict.getJsonNumber("entries").longValue()).isGreaterThanOrEqualTo(2);

        long seq = json(as(Api.ADMIN, "GET", "audit?limit=2", null).body()).getJsonArray("entries").getJsonObject(1)
                .getJsonNumber("seq").longValue();
        String reason = probe.strings("select reason from audit_entry where seq = ?", seq).get(0);
        probe.update("update audit_entry set reason = ? where seq = ?", "nothing happened here", seq);
        try {
            JsonObject broken = json(as(Api.AUDITOR, "GET", "audit/verify", null).body());
            assertThat(broken.getBoolean("intact")).isFalse();
            assertThat(broken.getJsonNumber("firstBrokenSeq").longValue()).isEqualTo(seq);
            assertThat(broken.getString("problem")).contains("entry " + seq);
        } finally {
            probe.update("update audit_entry set reason = ? where seq = ?", reason, seq);
        }
        assertThat(json(as(Api.AUDITOR, "GET", "audit/verify", null).body()).getBoolean("intact")).isTrue();
    }

    /** A quarantined payment is released only once it passes its codes again, and the release is audited. */
    @Test
    void aQuarantinedRowIsReleasedOnlyAfterItsRepair() throws Exception {
        String id = payments.create(new NewPayment("order-ops-quarantine", 7_777, "EUR", PaymentMethod.CARD, UUID.randomUUID().toString()))
                .payment().id();
        long mask = (1L << 3) | (1L << 40);
        forger.flipAmountBits(id, mask);
        assertThat(Api.get(Api.BASE.resolve("payments/" + id)).statusCode()).as("two flipped bits: quarantined").isEqualTo(500);
        String path = "quarantine/Payment/" + id + "/release";

        assertProblem(as(Api.ADMIN, "POST", path, "{\"reason\": \"too early\"}"), 409, "operator-action-refused");
        assertThat(probe.count("select count(*) from integrity_quarantine where entity_id = ?", id)).as("still quarantined").isEqualTo(1);
        assertProblem(as(Api.AUDITOR, "POST", path, "{\"reason\": \"not mine to do\"}"), 403, "forbidden");

        forger.flipAmountBits(id, mask); // the operator restores the row (from a backup, say)
        HttpResponse<String> released = as(Api.ADMIN, "POST", path, "{\"reason\": \"restored from backup 2026-11-26\"}");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(204);
        assertThat(probe.count("select count(*) from integrity_quarantine where entity_id = ?", id)).isZero();
        assertThat(Api.get(Api.BASE.resolve("payments/" + id)).statusCode()).isEqualTo(200);
        assertProblem(as(Api.ADMIN, "POST", path, "{\"reason\": \"again\"}"), 404, "not-found");
        JsonObject entry = json(as(Api.ADMIN, "GET", "audit?limit=1", null).body()).getJsonArray("entries").getJsonObject(0);
        assertThat(entry.getString("action")).isEqualTo("quarantine.release");
        assertThat(entry.getString("target")).isEqualTo("Payment " + id);
    }

    /**
     * The console's session: signed in with the form, a GET needs nothing more, but an action
     * needs the X-Requested-With header the console sends, so a page of another site cannot make
     * the operator's browser act (cross-site request forgery).
     */
    @Test
    void aSessionActsOnlyWithTheConsolesHeader() throws Exception {
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        browser.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/admin/")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> signIn = browser.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("j_username=admin&j_password=admin-secret-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).as("signed in, sent on to the console").isIn(302, 303);
        HttpResponse<String> me = Api.send(browser, "GET", ADMIN.resolve("me"), null, null, null);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me.body()).getString("user")).isEqualTo("admin");

        HttpResponse<String> forged = Api.send(browser, "POST", ADMIN.resolve("vault/scrub"), "{\"reason\": \"from another site\"}", null, null);
        assertProblem(forged, 403, "forbidden");
        HttpResponse<String> console = browser.send(java.net.http.HttpRequest.newBuilder(ADMIN.resolve("vault/scrub"))
                .header("Content-Type", "application/json").header("X-Requested-With", "steadfast-console")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reason\": \"from the console\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).as(console.body()).isEqualTo(200);
    }
}
