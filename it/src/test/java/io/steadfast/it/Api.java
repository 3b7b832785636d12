package io.steadfast.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
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
}
