package io.steadfast.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One customer with one HTTP session (its own cookie jar), shopping through the balancer: adds an
 * item under an Idempotency-Key, reads its cart. Plain HTTP, as a storefront would.
 */
final class Shopper {

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    Shopper(URI base) {
        this.base = base;
    }

    /** A request that got no answer (connection refused or reset, timeout) is -1. */
    record Answer(int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    /** POST /cart/items with this key: one attempt. */
    Answer add(String key, String sku, int quantity) throws InterruptedException {
        String json = "{\"sku\":\"" + sku + "\",\"unitAmount\":100,\"quantity\":" + quantity + ",\"currency\":\"EUR\"}";
        return send(HttpRequest.newBuilder(base.resolve("cart/items")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A new add with a new key: the key it used. */
    String addNew(String sku, int quantity) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        Answer a = add(key, sku, quantity);
        if (!a.ok()) {
            throw new AssertionError("add " + sku + " answered " + a.status() + ": " + a.body());
        }
        return key;
    }

    Answer cart() throws InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("cart")).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** The cart's lines, SKU to quantity, from a 200 answer. */
    static Map<String, Integer> lines(Answer cart) {
        JsonObject o = Json.createReader(new StringReader(cart.body())).readObject();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (JsonValue v : o.getJsonArray("items")) {
            JsonObject line = v.asJsonObject();
            lines.put(line.getString("sku"), line.getInt("quantity"));
        }
        return lines;
    }

    /** The node the session is routed to: the JSESSIONID's suffix after its last dot (node-K). */
    Optional<String> route() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID")).map(HttpCookie::getValue)
                .filter(v -> v.lastIndexOf('.') > 0).map(v -> v.substring(v.lastIndexOf('.') + 1)).findFirst();
    }

    /** The route as a node number. */
    int routeNode() {
        String r = route().orElseThrow(() -> new AssertionError("the session has no route"));
        if (!r.startsWith("node-")) {
            throw new AssertionError("unexpected route " + r);
        }
        return Integer.parseInt(r.substring("node-".length()));
    }

    /** The same session's cookie, for talking to a node directly. */
    Shopper sameSessionAt(URI otherBase) {
        Shopper other = new Shopper(otherBase);
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            HttpCookie copy = (HttpCookie) c.clone();
            other.cookies.getCookieStore().add(otherBase, copy);
        }
        return other;
    }

    private Answer send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }
}
