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
}
