package io.steadfast.crash;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The crash tests' client of the payments API: requests with an Idempotency-Key, every payment
 * page by page, receipts and their signatures, and the ledger's balance.
 */
final class SteadfastApi {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI api;

    SteadfastApi(URI api) {
        this.api = api;
    }

    URI resolve(String path) {
        return api.resolve(path);
    }

    static HttpResponse<String> send(String method, URI uri, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        if (uri.getPath().startsWith("/api/v1/admin/")) {
            // operator auditor of the build's servers (standalone-config/local-operators.cli): reading is enough
            b.header("Authorization", AUDITOR);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String AUDITOR = "Basic " + java.util.Base64.getEncoder().encodeToString(
            "auditor:auditor-secret-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", api.resolve(path), null, null);
    }

    /** Every payment, page by page; a page that does not answer 200 is added to {@code problems}. */
    Map<String, JsonObject> listAll(List<String> problems) throws IOException, InterruptedException {
        Map<String, JsonObject> all = new LinkedHashMap<>();
        String cursor = null;
        do {
            URI page = api.resolve("payments?limit=100" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            HttpResponse<String> r = send("GET", page, null, null);
            if (r.statusCode() != 200) {
                problems.add("listing page " + page + " answered " + r.statusCode() + ": " + r.body());
                return all;
            }
            JsonObject body = json(r.body());
            body.getJsonArray("items").forEach(v -> all.put(v.asJsonObject().getString("id"), v.asJsonObject()));
            cursor = !body.containsKey("next") || body.isNull("next") ? null : body.getString("next");
        } while (cursor != null);
        return all;
    }

    /** The payments of an order (at most 10: more than one is already a failure). */
    List<JsonObject> byOrder(String orderId) throws IOException, InterruptedException {
        HttpResponse<String> r = get("payments?limit=10&orderId=" + enc(orderId));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("listing the payments of " + orderId + " answered " + r.statusCode() + ": " + r.body());
        }
        return json(r.body()).getJsonArray("items").getValuesAs(JsonObject.class);
    }

    PublicKey receiptKey() throws IOException, InterruptedException, GeneralSecurityException {
        HttpResponse<String> r = get("receipts/public-key");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the receipts' public key answered " + r.statusCode() + ": " + r.body());
        }
        byte[] der = Base64.getDecoder().decode(json(r.body()).getString("publicKey"));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    /**
     * The payment's receipt as the vault holds it, if it answers 200 and its signature verifies
     * with {@code key}; otherwise null, with the reason added to {@code problems}.
     */
    JsonObject verifiedReceipt(String id, PublicKey key, List<String> problems) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(api.resolve("payments/" + id + "/receipt"))
                .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            problems.add("receipt of " + id + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            return null;
        }
        String header = r.headers().firstValue("Receipt-Signature").orElse("");
        int at = header.indexOf("sig=");
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(r.body());
            if (at < 0 || !verifier.verify(Base64.getDecoder().decode(header.substring(at + 4).trim()))) {
                problems.add("receipt of " + id + " does not verify (header '" + header + "')");
                return null;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            problems.add("receipt of " + id + " does not verify: " + e);
            return null;
        }
        return json(new String(r.body(), StandardCharsets.UTF_8));
    }

    /**
     * Null when the ledger sums to zero per currency and the acquirer's receivable equals captured
     * minus refunded over all payments; otherwise what was seen.
     */
    String ledgerProblem() throws IOException, InterruptedException {
        Map<String, Long> expected = new HashMap<>();
        List<String> problems = new java.util.ArrayList<>();
        for (JsonObject p : listAll(problems).values()) {
            expected.merge(p.getString("currency"),
                    p.getJsonNumber("captured").longValueExact() - p.getJsonNumber("refunded").longValueExact(), Long::sum);
        }
        if (!problems.isEmpty()) {
            return problems.get(0);
        }
        expected.values().removeIf(v -> v == 0);
        HttpResponse<String> r = get("admin/ledger");
        if (r.statusCode() != 200) {
            return "the ledger answered " + r.statusCode() + ": " + r.body();
        }
        JsonObject ledger = json(r.body());
        Map<String, Long> receivable = new HashMap<>();
        for (JsonValue v : ledger.getJsonArray("balances")) {
            JsonObject b = v.asJsonObject();
            if (b.getString("account").equals("acquirer:receivable") && b.getJsonNumber("balanceMinor").longValueExact() != 0) {
                receivable.put(b.getString("currency"), b.getJsonNumber("balanceMinor").longValueExact());
            }
        }
        boolean zero = ledger.getJsonObject("totalPerCurrency").values().stream().allMatch(v -> ((JsonNumber) v).longValueExact() == 0);
        if (zero && receivable.equals(expected)) {
            return null;
        }
        return "ledger totals " + ledger.getJsonObject("totalPerCurrency") + ", receivable " + receivable + ", captured minus refunded "
                + expected;
    }

    static JsonObject json(String body) {
        try (var r = Json.createReader(new StringReader(body))) {
            return r.readObject();
        }
    }

    static boolean sameJson(String a, String b) {
        try {
            return json(a).equals(json(b));
        } catch (JsonException e) {
            return false;
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
