package io.steadfast.it;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;

import static io.steadfast.it.Api.BASE;
import static io.steadfast.it.Api.get;
import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storefront API over real HTTP, from inside the server, so each test can also check the
 * database and the vault behind the API's back.
 */
@ExtendWith(ArquillianExtension.class)
class PaymentApiIT {


    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @Inject
    Probe probe;

    static HttpResponse<String> post(String body, String idempotencyKey) throws Exception {
        return Api.post("payments", body, idempotencyKey);
    }

    @Test
    void createReadAndFetchTheReceipt() throws Exception {
        String orderId = "order-" + UUID.randomUUID();
        HttpResponse<String> created = post("{\"orderId\":\"" + orderId + "\",\"amount\":1999,\"currency\":\"EUR\",\"method\":\"wallet\"}",
                UUID.randomUUID().toString());

        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject payment = json(created.body());
        String id = payment.getString("id");
        assertThat(payment.getString("orderId")).isEqualTo(orderId);
        assertThat(payment.getJsonNumber("amount").longValueExact()).isEqualTo(1999);
        assertThat(payment.getString("currency")).isEqualTo("EUR");
        URI location = URI.create(created.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo("/api/v1/payments/" + id);

        HttpResponse<String> read = get(location);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read.body()).getString("id")).isEqualTo(id);

        HttpResponse<String> receipt = get(BASE.resolve("payments/" + id + "/receipt"));
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(json(receipt.body()).getString("paymentId")).isEqualTo(id);

        // The signature verifies against the published key, and one changed byte breaks it.
        String header = receipt.headers().firstValue("Receipt-Signature").orElseThrow();
        assertThat(header).startsWith("alg=Ed25519; sig=");
        byte[] signature = java.util.Base64.getDecoder().decode(header.substring(header.indexOf("sig=") + 4));
        JsonObject key = json(get(BASE.resolve("receipts/public-key")).body());
        assertThat(key.getString("algorithm")).isEqualTo("Ed25519");
        java.security.PublicKey publicKey = java.security.KeyFactory.getInstance("Ed25519")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(key.getString("publicKey"))));
        byte[] document = receipt.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(document);
        assertThat(verifier.verify(signature)).as("the receipt's signature verifies").isTrue();
        document[document.length / 2] ^= 1;
        verifier.initVerify(publicKey);
        verifier.update(document);
        assertThat(verifier.verify(signature)).as("one changed byte breaks it").isFalse();
        assertThat(probe.paymentRowExists(id)).isTrue();
        assertThat(probe.receiptExists(id)).isTrue();
    }

    @Test
    void aRetriedPostReturnsTheSamePayment() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"orderId\":\"order-retry\",\"amount\":500,\"currency\":\"USD\",\"method\":\"wallet\"}";
        HttpResponse<String> first = post(body, key);
        HttpResponse<String> second = post(body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(json(second.body()).getString("id")).isEqualTo(json(first.body()).getString("id"));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(probe.count("select count(*) from payment where idempotency_key = ?", key)).isEqualTo(1);
    }

    // One method per case: Arquillian runs test methods in the server, where JUnit's
    // parameterized tests do not receive their arguments.

    @Test
    void malformedJson() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"amount\":", true, "Malformed JSON");
    }

    @Test
    void missingAmount() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"currency\":\"EUR\",\"method\":\"wallet\"}", true, "amount: is required");
    }

    @Test
    void negativeAmount() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"amount\":-5,\"currency\":\"EUR\",\"method\":\"wallet\"}", true,
                "amount: must be greater than 0");
    }

    @Test
    void fractionalAmount() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"amount\":10.5,\"currency\":\"EUR\",\"method\":\"wallet\"}", true,
                "amount: must be a whole number of minor units");
    }

    @Test
    void unknownCurrency() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"amount\":100,\"currency\":\"XYZ\",\"method\":\"wallet\"}", true,
                "currency: must be an ISO 4217 currency code");
    }

    @Test
    void unknownMethod() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"amount\":100,\"currency\":\"EUR\",\"method\":\"cash\"}", true,
                "method: unknown payment method 'cash'");
    }

    @Test
    void missingIdempotencyKey() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"amount\":100,\"currency\":\"EUR\",\"method\":\"wallet\"}", false,
                "Idempotency-Key header is required");
    }

    @Test
    void emptyBody() throws Exception {
        badInputGetsAProblemAndWritesNothing("", true, "JSON body is required");
    }

    // Issue 9, parts 4 and 5: money exact or refused, text clean. Each body differs from a valid
    // one in one field only, so the detail must name that field.

    private static String body(String orderId, String amount, String extra) {
        return "{\"orderId\":" + orderId + ",\"amount\":" + amount + ",\"currency\":\"EUR\",\"method\":\"card\","
                + "\"card\":{\"number\":\"4242424242424242\"}" + extra + "}";
    }

    @Test
    void anAmountWithAHugeExponentIsA400NotA500() throws Exception {
        badInputGetsAProblemAndWritesNothing(body("\"o-1\"", "1E+2147483647", ""), true, "amount: must be greater than 0 and at most 999999999999999999");
    }

    @Test
    void anAmountBeyondTheLimitIsRefused() throws Exception {
        badInputGetsAProblemAndWritesNothing(body("\"o-1\"", "1000000000000000000", ""), true, "amount: must be greater than 0 and at most");
    }

    @Test
    void anAmountAsAStringIsRefused() throws Exception {
        badInputGetsAProblemAndWritesNothing(body("\"o-1\"", "\"1000\"", ""), true, "amount: must be a JSON number");
    }

    @Test
    void captureMustBeAJsonBoolean() throws Exception {
        for (String capture : new String[] {"1", "\"yes\"", "0", "\"false\"", "null"}) {
            badInputGetsAProblemAndWritesNothing(body("\"o-1\"", "100", ",\"capture\":" + capture), true,
                    "capture: must be JSON true or false (or left out for true), not ");
        }
    }

    @Test
    void aCardNumberAsAJsonNumberIsRefused() throws Exception {
        badInputGetsAProblemAndWritesNothing("{\"orderId\":\"o-1\",\"amount\":100,\"currency\":\"EUR\",\"method\":\"card\","
                + "\"card\":{\"number\":4242424242424242}}", true, "card.number: must be a JSON string, not a number");
    }

    @Test
    void anAllZeroCardNumberIsNoCard() throws Exception {
        String detail = badInputGetsAProblemAndWritesNothing(body("\"o-1\"", "100", "").replace("4242424242424242", "0000 0000 0000 0000"), true,
                "card.number is not a card number: no issuer prefix starts with 0");
        assertThat(detail).doesNotContain("0000");
    }

    @Test
    void aFieldNamedTwiceIsMalformed() throws Exception {
        badInputGetsAProblemAndWritesNothing(body("\"o-1\"", "100", ",\"amount\":100000"), true, "Malformed JSON");
    }

    @Test
    void anOrderIdWithALineBreakIsRefused() throws Exception {
        String detail = badInputGetsAProblemAndWritesNothing(body("\"a\\r\\nSet-Cookie: x=1\"", "100", ""), true,
                "orderId: must not contain a control character (U+000D) at character 2");
        assertThat(detail).doesNotContain("Set-Cookie");
    }

    @Test
    void anOrderIdWithABidiOverrideIsRefused() throws Exception {
        badInputGetsAProblemAndWritesNothing(body("\"order-\\u202Efdp\"", "100", ""), true,
                "orderId: must not contain a bidirectional control character (U+202E)");
    }

    @Test
    void anOrderIdWithAZeroWidthSpaceIsRefused() throws Exception {
        badInputGetsAProblemAndWritesNothing(body("\"or\\u200Bder\"", "100", ""), true, "orderId: must not contain a zero-width character (U+200B)");
    }

    @Test
    void anOrderIdWithALoneSurrogateIsRefused() throws Exception {
        badInputGetsAProblemAndWritesNothing(body("\"a\\ud800\"", "100", ""), true, "orderId: must not contain a lone surrogate (U+D800)");
    }

    @Test
    void anIdempotencyKeyOutsidePrintableAsciiIsRefused() throws Exception {
        long rows = probe.paymentRows();
        HttpResponse<String> r = post(body("\"o-1\"", "100", ""), "k\te\ty");
        assertProblem(r, 400, "The Idempotency-Key header must be printable ASCII; it has U+0009 at character 2");
        assertThat(probe.paymentRows()).isEqualTo(rows);
    }

    @Test
    void captureAndRefundAmountsAreExactOrRefusedAndChangeNothing() throws Exception {
        HttpResponse<String> auth = post(body("\"order-exact\"", "1000", ",\"capture\":false"), UUID.randomUUID().toString());
        assertThat(auth.statusCode()).isEqualTo(201);
        String id = json(auth.body()).getString("id");
        long entries = probe.count("select count(*) from ledger_entry");
        for (String amount : new String[] {"1E+2147483647", "\"600\"", "10.5", "null", "true", "18446744073709551617"}) {
            HttpResponse<String> r = Api.post("payments/" + id + "/capture", "{\"amount\":" + amount + "}", UUID.randomUUID().toString());
            assertProblem(r, 400, "amount: must be");
        }
        assertThat(json(get(BASE.resolve("payments/" + id)).body()).getString("status")).isEqualTo("AUTHORIZED");
        assertThat(Api.post("payments/" + id + "/capture", "{\"amount\":1000}", UUID.randomUUID().toString()).statusCode()).isEqualTo(200);
        entries += 2;
        for (String amount : new String[] {"1E+2147483647", "\"250\"", "2.5", "null", "[250]"}) {
            HttpResponse<String> r = Api.post("payments/" + id + "/refunds", "{\"amount\":" + amount + "}", UUID.randomUUID().toString());
            assertProblem(r, 400, "amount: ");
        }
        assertThat(json(get(BASE.resolve("payments/" + id)).body()).getString("status")).isEqualTo("CAPTURED");
        assertThat(probe.count("select count(*) from ledger_entry")).as("no money moved").isEqualTo(entries);
    }

    @Test
    void aClientsValueIsEchoedOnlyEscaped() throws Exception {
        HttpResponse<String> r = get(BASE.resolve("payments/a%0D%0ASet-Cookie:%20x=1%E2%80%AE"));
        String detail = assertProblem(r, 404, "There is no payment with id 'a\\u000D\\u000ASet-Cookie: x=1\\u202E'");
        assertThat(detail).doesNotContain("\r").doesNotContain("\u202E");
        HttpResponse<String> capture = Api.post("payments/b%0D%0Ac%E2%80%AE/capture", null, UUID.randomUUID().toString());
        detail = assertProblem(capture, 404, "There is no payment with id b\\u000D\\u000Ac\\u202E");
        assertThat(detail).doesNotContain("\r").doesNotContain("\u202E");
    }

    /** Asserts a problem document with this status whose detail starts with {@code detailStart}; returns the detail. */
    static String assertProblem(HttpResponse<String> r, int status, String detailStart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonObject problem = json(r.body());
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("detail")).startsWith(detailStart);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem.getString("detail");
    }

    private String badInputGetsAProblemAndWritesNothing(String body, boolean withKey, String expected) throws Exception {
        long rows = probe.paymentRows();
        long receipts = probe.receipts();

        HttpResponse<String> r = post(body, withKey ? UUID.randomUUID().toString() : null);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonObject problem = json(r.body());
        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("type")).startsWith("urn:steadfast:problem:");
        String text = problem.getString("title") + " " + problem.getString("detail");
        assertThat(text).contains(expected);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.steadfast.");
        assertThat(probe.paymentRows()).isEqualTo(rows);
        assertThat(probe.receipts()).isEqualTo(receipts);
        return problem.getString("detail");
    }

    @Test
    void paymentsAreListedNewestFirstOnePageAtATime() throws Exception {
        String orderId = "order-list-" + UUID.randomUUID();
        java.util.List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post("{\"orderId\":\"" + orderId + "\",\"amount\":" + (100 + i) + ",\"currency\":\"EUR\",\"method\":\"wallet\"}",
                    UUID.randomUUID().toString());
            created.add(json(r.body()).getString("id"));
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        java.util.List<Integer> pageSizes = new java.util.ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = get(BASE.resolve("payments?orderId=" + orderId + "&status=CAPTURED&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.statusCode()).isEqualTo(200);
            JsonObject body = json(page.body());
            var items = body.getJsonArray("items");
            pageSizes.add(items.size());
            items.forEach(v -> seen.add(v.asJsonObject().getString("id")));
            cursor = body.containsKey("next") && !body.isNull("next") ? body.getString("next") : null;
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(2, 2, 1);
        java.util.Collections.reverse(created);
        assertThat(seen).as("newest first, each once").containsExactlyElementsOf(created);
    }

    @Test
    void badListParametersAreProblems() throws Exception {
        for (String query : new String[] {"limit=0", "limit=101", "limit=x", "status=NOPE", "createdFrom=yesterday", "cursor=%%%"}) {
            HttpResponse<String> r = get(BASE.resolve("payments?" + query.replace("%%%", "bm90LWEtY3Vyc29y")));
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(json(r.body()).getString("detail")).as(query).isNotBlank();
        }
    }

    @Test
    void theApiIsDescribedByOpenApi() throws Exception {
        HttpResponse<String> r = get(URI.create("http://127.0.0.1:8080/openapi?format=JSON"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject doc = json(r.body());
        assertThat(doc.getJsonObject("info").getString("title")).isEqualTo("Steadfast payments API");
        assertThat(doc.getJsonObject("paths").keySet())
                .contains("/api/v1/payments", "/api/v1/payments/{id}", "/api/v1/payments/{id}/receipt", "/api/v1/admin/vault");
    }

    @Test
    void anUnknownPaymentIsAProblem404() throws Exception {
        HttpResponse<String> r = get(BASE.resolve("payments/" + UUID.randomUUID()));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(json(r.body()).getString("detail")).contains("no payment with id");
    }
}
