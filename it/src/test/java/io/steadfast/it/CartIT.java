package io.steadfast.it;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The session cart over HTTP, one shopper per cookie jar. */
@ExtendWith(ArquillianExtension.class)
class CartIT {

    private static final URI CART = URI.create("http://127.0.0.1:8080/api/v1/cart");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @Inject
    Probe probe;

    private final HttpClient shopper = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        return Api.send(shopper, method, URI.create(CART + path), body, key);
    }

    private HttpResponse<String> add(String body) throws Exception {
        return add(body, UUID.randomUUID().toString());
    }

    private HttpResponse<String> add(String body, String key) throws Exception {
        return send("POST", "/items", body, key);
    }

    @Test
    void aRetriedAddAddsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String item = "{\"sku\":\"pen\",\"unitAmount\":300,\"quantity\":1,\"currency\":\"EUR\"}";
        add(item, key);
        HttpResponse<String> retried = add(item, key);
        assertThat(json(retried.body()).getJsonNumber("total").longValue()).isEqualTo(300);
        assertThat(add(item.replace("300", "301"), key).statusCode()).isEqualTo(422);
        assertThat(add(item, null).statusCode()).as("no key").isEqualTo(400);
    }

    @Test
    void addRemoveViewAndCheckout() throws Exception {
        assertThat(add("{\"sku\":\"mug\",\"unitAmount\":1200,\"quantity\":2,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        assertThat(add("{\"sku\":\"tea\",\"unitAmount\":450,\"quantity\":1,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        assertThat(add("{\"sku\":\"mug\",\"unitAmount\":1200,\"quantity\":1,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        JsonObject cart = json(send("GET", "", null, null).body());
        assertThat(cart.getJsonNumber("total").longValue()).isEqualTo(3 * 1200 + 450);
        assertThat(cart.getJsonArray("items")).hasSize(2);

        assertThat(send("DELETE", "/items/tea", null, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/items/tea", null, null).statusCode()).isEqualTo(404);

        String orderId = "order-cart-" + UUID.randomUUID();
        HttpResponse<String> paid = send("POST", "/checkout", "{\"orderId\":\"" + orderId + "\",\"method\":\"wallet\"}", UUID.randomUUID().toString());
        assertThat(paid.statusCode()).isEqualTo(201);
        JsonObject payment = json(paid.body());
        assertThat(payment.getJsonNumber("amount").longValue()).isEqualTo(3600);
        assertThat(payment.getString("orderId")).isEqualTo(orderId);
        assertThat(probe.paymentRowExists(payment.getString("id"))).isTrue();
        assertThat(probe.receiptExists(payment.getString("id"))).isTrue();
        assertThat(json(send("GET", "", null, null).body()).getJsonArray("items")).isEmpty();
    }

    @Test
    void badCartRequestsAreProblemsAndChangeNothing() throws Exception {
        long rows = probe.paymentRows();
        assertThat(send("POST", "/checkout", "{\"orderId\":\"o\",\"method\":\"wallet\"}", UUID.randomUUID().toString()).statusCode())
                .as("empty cart").isEqualTo(409);
        assertThat(add("{\"sku\":\"a/b\",\"unitAmount\":-1,\"quantity\":0,\"currency\":\"EURO\"}").statusCode()).isEqualTo(400);
        assertThat(add("{\"sku\":\"mug\",\"unitAmount\":100,\"quantity\":1,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> mixed = add("{\"sku\":\"hat\",\"unitAmount\":100,\"quantity\":1,\"currency\":\"USD\"}");
        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(json(mixed.body()).getString("detail")).contains("EUR");
        assertThat(send("POST", "/checkout", "{\"orderId\":\"o\",\"method\":\"wallet\"}", null).statusCode()).as("no key").isEqualTo(400);
        assertThat(probe.paymentRows()).isEqualTo(rows);
        assertThat(json(send("GET", "", null, null).body()).getJsonNumber("total").longValue()).isEqualTo(100);
    }

    private static final String APPROVE = "4242424242424242";
    private static final String DECLINE = "4000000000000002";
    private static final String TIMEOUT = "4000000000000119";

    private HttpResponse<String> checkout(String orderId, String method, String pan, String key) throws Exception {
        return send("POST", "/checkout", "{\"orderId\":\"" + orderId + "\",\"method\":\"" + method + "\""
                + (pan == null ? "" : ",\"card\":{\"number\":\"" + pan + "\"}") + "}", key);
    }

    private long total() throws Exception {
        return json(send("GET", "", null, null).body()).getJsonNumber("total").longValue();
    }

    @Test
    void aRetriedCheckoutReplaysThePaymentThoughTheCartIsNowEmpty() throws Exception {
        assertThat(add("{\"sku\":\"cup\",\"unitAmount\":800,\"quantity\":2,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        String orderId = "order-cart-retry-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = checkout(orderId, "wallet", null, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(total()).as("paid, so emptied").isZero();

        HttpResponse<String> again = checkout(orderId, "wallet", null, key);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(again.body())).isEqualTo(json(first.body()));
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));

        assertThat(add("{\"sku\":\"cup\",\"unitAmount\":800,\"quantity\":1,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> afterMore = checkout(orderId, "wallet", null, key);
        assertThat(json(afterMore.body()).getString("id")).as("the key names the first checkout, not the new cart")
                .isEqualTo(json(first.body()).getString("id"));
        assertThat(total()).as("a replay leaves the new cart alone").isEqualTo(800);
        HttpResponse<String> otherOrder = checkout(orderId + "-x", "wallet", null, key);
        assertThat(otherOrder.statusCode()).as("another checkout body under the key").isEqualTo(422);
        assertThat(Api.paymentsOf(orderId)).isEqualTo(1);
    }

    @Test
    void concurrentCheckoutsWithOneKeyPayOnce() throws Exception {
        assertThat(add("{\"sku\":\"lamp\",\"unitAmount\":2500,\"quantity\":1,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        for (String pan : new String[] {null, APPROVE}) {
            if (pan != null) {
                assertThat(add("{\"sku\":\"lamp\",\"unitAmount\":2500,\"quantity\":1,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
            }
            String orderId = "order-cart-par-" + UUID.randomUUID();
            String key = UUID.randomUUID().toString();
            JsonObject paid = Api.samePaymentOrInUse(Api.concurrently(24,
                    () -> checkout(orderId, pan == null ? "wallet" : "card", pan, key)), 201);
            assertThat(paid.getJsonNumber("amount").longValue()).isEqualTo(2500);
            assertThat(Api.paymentsOf(orderId)).isEqualTo(1);
            assertThat(total()).isZero();
        }
    }

    @Test
    void aDeclinedOrUnknownCheckoutKeepsTheCart() throws Exception {
        assertThat(add("{\"sku\":\"book\",\"unitAmount\":1500,\"quantity\":2,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> declined = checkout("order-cart-dec-" + UUID.randomUUID(), "card", DECLINE, UUID.randomUUID().toString());
        assertThat(declined.statusCode()).isEqualTo(201);
        assertThat(json(declined.body()).getString("status")).isEqualTo("DECLINED");
        assertThat(total()).as("a decline leaves the cart as it was").isEqualTo(3000);

        HttpResponse<String> unknown = checkout("order-cart-unk-" + UUID.randomUUID(), "card", TIMEOUT, UUID.randomUUID().toString());
        assertThat(json(unknown.body()).getString("status")).isEqualTo("UNKNOWN");
        assertThat(total()).as("an unknown outcome keeps the cart").isEqualTo(3000);

        HttpResponse<String> approved = checkout("order-cart-ok-" + UUID.randomUUID(), "card", APPROVE, UUID.randomUUID().toString());
        assertThat(json(approved.body()).getString("status")).isEqualTo("CAPTURED");
        assertThat(json(approved.body()).getJsonNumber("amount").longValue()).isEqualTo(3000);
        assertThat(total()).isZero();
    }

    @Test
    void reAddingASkuAtAnotherPriceIs409AndTheQuantityLimitHolds() throws Exception {
        assertThat(add("{\"sku\":\"mug\",\"unitAmount\":1200,\"quantity\":2,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> repriced = add("{\"sku\":\"mug\",\"unitAmount\":999,\"quantity\":1,\"currency\":\"EUR\"}");
        assertThat(repriced.statusCode()).isEqualTo(409);
        JsonObject problem = json(repriced.body());
        assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:price-mismatch");
        assertThat(problem.getString("detail")).contains("'mug'").contains("1200").contains("999");
        assertThat(total()).as("nothing repriced").isEqualTo(2400);

        assertThat(add("{\"sku\":\"mug\",\"unitAmount\":1200,\"quantity\":997,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> tooMany = add("{\"sku\":\"mug\",\"unitAmount\":1200,\"quantity\":1,\"currency\":\"EUR\"}");
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertThat(json(tooMany.body()).getString("detail")).contains("999");
        assertThat(total()).isEqualTo(999 * 1200);
    }

    @Test
    void aRefusedAddIsRefusedAgainOnRetryAndAnOverflowChangesNothing() throws Exception {
        assertThat(add("{\"sku\":\"pen\",\"unitAmount\":300,\"quantity\":1,\"currency\":\"EUR\"}").statusCode()).isEqualTo(200);
        String key = UUID.randomUUID().toString();
        String dollars = "{\"sku\":\"hat\",\"unitAmount\":100,\"quantity\":1,\"currency\":\"USD\"}";
        assertThat(add(dollars, key).statusCode()).isEqualTo(400);
        assertThat(add(dollars, key).statusCode()).as("a retry of a refused add is not a success").isEqualTo(400);

        HttpResponse<String> huge = add("{\"sku\":\"gold\",\"unitAmount\":9000000000000000000,\"quantity\":2,\"currency\":\"EUR\"}");
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
        HttpResponse<String> view = send("GET", "", null, null);
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(json(view.body()).getJsonNumber("total").longValue()).isEqualTo(300);
    }

    @Test
    void concurrentAddsWithOneKeyAddOnce() throws Exception {
        assertThat(send("GET", "", null, null).statusCode()).as("a session first").isEqualTo(200);
        String key = UUID.randomUUID().toString();
        String item = "{\"sku\":\"clip\",\"unitAmount\":25,\"quantity\":3,\"currency\":\"EUR\"}";
        for (HttpResponse<String> r : Api.concurrently(32, () -> add(item, key))) {
            assertThat(r.statusCode()).as(r.body()).isIn(200, 409);
            if (r.statusCode() == 200) {
                assertThat(json(r.body()).getJsonNumber("total").longValue()).as("every answer shows the add").isEqualTo(75);
            }
        }
        assertThat(total()).isEqualTo(75);
    }

    // Issue 9, parts 4 and 5: the cart keeps exactly what it is given, or refuses it and stays as it was.

    private void refusedAndTheCartIsUnchanged(HttpResponse<String> r, String detailStart, String cartBefore) {
        PaymentApiIT.assertProblem(r, 400, detailStart);
        try {
            assertThat(send("GET", "", null, null).body()).as("the cart is unchanged").isEqualTo(cartBefore);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String item(String sku, String unitAmount, String quantity) {
        return "{\"sku\":\"" + sku + "\",\"unitAmount\":" + unitAmount + ",\"quantity\":" + quantity + ",\"currency\":\"EUR\"}";
    }

    @Test
    void amountsAndQuantitiesAreExactOrRefusedNeverTruncatedOrWrapped() throws Exception {
        assertThat(add(item("tea", "450", "1")).statusCode()).isEqualTo(200);
        String before = send("GET", "", null, null).body();
        refusedAndTheCartIsUnchanged(add(item("mug", "10.5", "1")), "unitAmount: must be a whole number of minor units", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "18446744073709551617", "1")), "unitAmount: must be greater than 0 and at most 999999999999999999", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "\"1200\"", "1")), "unitAmount: must be a JSON number", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "1200", "4294967297")), "quantity: must be greater than 0 and at most 999", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "1200", "1.9")), "quantity: must be a whole number", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "1200", "true")), "quantity: must be a JSON number", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "9223372036854775807", "999")), "unitAmount: must be greater than 0 and at most", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "999999999999999999", "2")),
                "unitAmount x quantity, the line total, would be more than 999999999999999999", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "999999999999999999", "1")), "the cart total would be more than 999999999999999999", before);
        PaymentApiIT.assertProblem(add(item("tea", "450", "999")), 409, "The cart holds 1 of SKU 'tea'; adding 999 would make 1000");
        assertThat(send("GET", "", null, null).body()).as("the cart is unchanged").isEqualTo(before);
        refusedAndTheCartIsUnchanged(add(item("m\\u200Bug", "1200", "1")), "sku: must not contain a zero-width character (U+200B)", before);

        // A refused add stays refused when retried with its key: the key is not spent on it.
        String key = UUID.randomUUID().toString();
        refusedAndTheCartIsUnchanged(add(item("mug", "999999999999999999", "1"), key), "the cart total would be more than", before);
        refusedAndTheCartIsUnchanged(add(item("mug", "999999999999999999", "1"), key), "the cart total would be more than", before);

        refusedAndTheCartIsUnchanged(add(item("mug", "1200", "1"), "caf\u00e9"),
                "The Idempotency-Key header must be printable ASCII; it has U+00E9 at character 4", before);

        // The largest cart one payment can carry is accepted, and checkout charges exactly its total.
        assertThat(add(item("mug", "999999999999999549", "1")).statusCode()).isEqualTo(200);
        JsonObject cart = json(send("GET", "", null, null).body());
        assertThat(cart.getJsonNumber("total").longValueExact()).isEqualTo(999_999_999_999_999_999L);
        HttpResponse<String> paid = send("POST", "/checkout", "{\"orderId\":\"order-max-" + UUID.randomUUID() + "\",\"method\":\"wallet\"}",
                UUID.randomUUID().toString());
        assertThat(paid.statusCode()).isEqualTo(201);
        assertThat(json(paid.body()).getJsonNumber("amount").longValueExact()).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void aBadCheckoutIsRefusedAndTakesNoPayment() throws Exception {
        assertThat(add(item("tea", "450", "2")).statusCode()).isEqualTo(200);
        String before = send("GET", "", null, null).body();
        long rows = probe.paymentRows();
        String[][] cases = {
            {"{\"orderId\":\"a\\r\\nSet-Cookie: x=1\",\"method\":\"wallet\"}", "orderId: must not contain a control character (U+000D)"},
            {"{\"orderId\":\"o\\u202E1\",\"method\":\"wallet\"}", "orderId: must not contain a bidirectional control character (U+202E)"},
            {"{\"orderId\":\"o\\ud800\",\"method\":\"wallet\"}", "orderId: must not contain a lone surrogate (U+D800)"},
            {"{\"orderId\":1003,\"method\":\"wallet\"}", "orderId: must be a JSON string, not a number"},
            {"{\"orderId\":\"o-1\",\"method\":\"card\",\"card\":{\"number\":4242424242424242}}", "card.number: must be a JSON string, not a number"},
            {"{\"orderId\":\"o-1\",\"method\":\"card\",\"card\":{\"number\":\"0000 0000 0000 0000\"}}", "card.number is not a card number"},
            {"{\"orderId\":\"o-1\",\"method\":\"c\\u202Eash\"}", "method: must not contain a bidirectional control character (U+202E)"},
        };
        for (String[] c : cases) {
            refusedAndTheCartIsUnchanged(send("POST", "/checkout", c[0], UUID.randomUUID().toString()), c[1], before);
        }
        assertThat(probe.paymentRows()).as("no payment taken").isEqualTo(rows);
    }

    @Test
    void aSkuIsEchoedOnlyEscaped() throws Exception {
        HttpResponse<String> r = send("DELETE", "/items/a%0D%0Ab%E2%80%AE", null, null);
        String detail = PaymentApiIT.assertProblem(r, 404, "The cart has no item with SKU 'a\\u000D\\u000Ab\\u202E'");
        assertThat(detail).doesNotContain("\r").doesNotContain("\u202E");
    }
}
