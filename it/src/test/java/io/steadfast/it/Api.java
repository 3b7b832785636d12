package io.steadfast.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Plain HTTP to the API of the server the tests run in, shared by the in-container tests. */
final class Api {

    static final URI BASE = URI.create("http://127.0.0.1:8080/api/v1/");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {
    }

    /** Sends a request; a JSON {@code body} and an {@code idempotencyKey} are optional (null). */
    static HttpResponse<String> send(String method, URI uri, String body, String idempotencyKey) throws Exception {
        return send(HTTP, method, uri, body, idempotencyKey);
    }

    /** The same through another client, such as one that keeps a session cookie. */
    static HttpResponse<String> send(HttpClient client, String method, URI uri, String body, String idempotencyKey) throws Exception {
        return send(client, method, uri, body, idempotencyKey, uri.getPath().startsWith("/api/v1/admin/") ? ADMIN : null);
    }

    /** Operator admin (role admin) of the test server (standalone-config/local-operators.cli), as an Authorization header. */
    static final String ADMIN = basic("admin", "admin-secret-1");

    /** Operator auditor (role auditor: may only read). */
    static final String AUDITOR = basic("auditor", "auditor-secret-1");

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Sends with {@code authorization} as the Authorization header, or none when null. {@link #send}
     * signs admin calls in as operator admin by itself.
     */
    static HttpResponse<String> send(HttpClient client, String method, URI uri, String body, String idempotencyKey,
                                     String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs to a path under /api/v1/. */
    static HttpResponse<String> post(String path, String body, String idempotencyKey) throws Exception {
        return send("POST", BASE.resolve(path), body, idempotencyKey);
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return send("GET", uri, null, null);
    }

    static JsonObject json(String body) {
        try (var r = Json.createReader(new StringReader(body))) {
            return r.readObject();
        }
    }

    /**
     * Sends {@code n} copies of a request at once: every thread waits on one latch, which is
     * released when all of them are ready, so they reach the server together. The responses come
     * back in no particular order; each must arrive within the deadline.
     */
    static List<HttpResponse<String>> concurrently(int n, Callable<HttpResponse<String>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.call();
                }));
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the request threads did not start");
            }
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get(120, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Checks the answers to concurrent copies of one request with one key: each is {@code ok}
     * with one and the same payment (and never a PENDING placeholder taken for the final answer)
     * or 409 {@code idempotency-key-in-use}; never 422 or anything else. Returns that payment's
     * final body (at least one answer must carry it).
     */
    static JsonObject samePaymentOrInUse(List<HttpResponse<String>> responses, int ok) {
        JsonObject payment = null;
        int inUse = 0;
        for (HttpResponse<String> r : responses) {
            if (r.statusCode() == 409) {
                org.assertj.core.api.Assertions.assertThat(json(r.body()).getString("type")).as(r.body())
                        .isEqualTo("urn:steadfast:problem:idempotency-key-in-use");
                inUse++;
                continue;
            }
            org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(ok);
            JsonObject p = json(r.body());
            org.assertj.core.api.Assertions.assertThat(p.getString("status")).as("a final answer, not the in-flight placeholder")
                    .isNotEqualTo("PENDING");
            if (payment == null) {
                payment = p;
            } else {
                org.assertj.core.api.Assertions.assertThat(p).as("every answer is the same payment, as it was").isEqualTo(payment);
            }
        }
        System.out.printf("%d x %d (one payment), %d x 409 in flight%n", responses.size() - inUse, ok, inUse);
        org.assertj.core.api.Assertions.assertThat(payment).as("at least one request got the payment").isNotNull();
        return payment;
    }

    /** How many payments the API lists for an order (at most 100). */
    static int paymentsOf(String orderId) throws Exception {
        HttpResponse<String> r = get(BASE.resolve("payments?limit=100&orderId="
                + java.net.URLEncoder.encode(orderId, java.nio.charset.StandardCharsets.UTF_8)));
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).getJsonArray("items").size();
    }
}
