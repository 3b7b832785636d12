package io.steadfast.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.steadfast.it.Api.BASE;
import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol-level mistakes (too large a body, a wrong Content-Type, Accept or method, an unknown
 * path) are answered with a problem document like every other mistake, never an HTML page or a
 * dropped connection, and take no payment.
 */
@ExtendWith(ArquillianExtension.class)
class ApiErrorsIT {

    /** The documented limit of a request body under /api. */
    static final int LIMIT = 64 * 1024;

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    /** A valid payment whose orderId is padded with spaces to {@code size} bytes: only its size is wrong. */
    private static byte[] paymentOfSize(String orderId, int size) {
        String head = "{\"orderId\":\"" + orderId + "\",\"amount\":100,\"currency\":\"EUR\",\"method\":\"wallet\"";
        return (head + " ".repeat(size - head.length() - 1) + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return Api.HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as(r.body())
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonObject p = json(r.body());
        assertThat(p.getInt("status")).isEqualTo(status);
        assertThat(p.getString("type")).startsWith("urn:steadfast:problem:");
        assertThat(p.getString("detail")).isNotBlank();
        return p;
    }

    private static HttpRequest.Builder postPayment(HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(BASE.resolve("payments")).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).POST(body);
    }

    private static int paymentsFor(String orderId) throws Exception {
        HttpResponse<String> list = Api.get(BASE.resolve("payments?orderId=" + orderId));
        assertThat(list.statusCode()).isEqualTo(200);
        return json(list.body()).getJsonArray("items").size();
    }

    @Test
    void aBodyAtTheLimitIsTaken() throws Exception {
        String orderId = "order-" + UUID.randomUUID();
        HttpResponse<String> r = send(postPayment(HttpRequest.BodyPublishers.ofByteArray(paymentOfSize(orderId, LIMIT))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aBodyOverTheLimitWithContentLengthIs413() throws Exception {
        String orderId = "order-" + UUID.randomUUID();
        JsonObject p = problem(send(postPayment(HttpRequest.BodyPublishers.ofByteArray(paymentOfSize(orderId, LIMIT + 1)))), 413);
        assertThat(p.getString("type")).isEqualTo("urn:steadfast:problem:payload-too-large");
        assertThat(p.getString("detail")).contains("65536");
        assertThat(paymentsFor(orderId)).isZero();
    }

    @Test
    void aBodyOverUndertowsOwnLimitIs413Too() throws Exception {
        // Declares 11 MB, over Undertow's default max-post-size of 10 MB, which answered an empty
        // 400 itself. Only the headers and the start of the body are sent: the answer must come
        // without the server reading the rest. (A raw socket: JDK 17's HttpClient waits forever
        // for a 100 Continue that a refusal never sends.)
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", 8080)) {
            socket.setSoTimeout(30_000);
            String head = "POST /api/v1/payments HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
                    + "Idempotency-Key: " + UUID.randomUUID() + "\r\nContent-Length: " + (11 * 1024 * 1024) + "\r\n\r\n{\"orderId\":";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
            JsonObject p = json(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(p.getString("type")).isEqualTo("urn:steadfast:problem:payload-too-large");
            assertThat(p.getString("detail")).contains("65536");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        String orderId = "order-" + UUID.randomUUID();
        byte[] body = paymentOfSize(orderId, LIMIT + 1);
        // A stream of unknown length goes out with Transfer-Encoding: chunked, no Content-Length.
        JsonObject p = problem(send(postPayment(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))), 413);
        assertThat(p.getString("detail")).contains("65536");
        assertThat(paymentsFor(orderId)).isZero();
    }

    @Test
    void aChunkedBodyUnderTheLimitIsTaken() throws Exception {
        String orderId = "order-" + UUID.randomUUID();
        byte[] body = paymentOfSize(orderId, 2_000);
        HttpResponse<String> r = send(postPayment(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(paymentsFor(orderId)).isEqualTo(1);
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        problem(send(HttpRequest.newBuilder(BASE.resolve("payments")).header("Content-Type", "text/plain")
                .header("Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString("amount=1"))), 415);
    }

    @Test
    void anUnacceptableAcceptIs406() throws Exception {
        problem(send(HttpRequest.newBuilder(BASE.resolve("payments")).header("Accept", "text/html").GET()), 406);
    }

    @Test
    void aWrongMethodIs405AndSaysWhatIsAllowed() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(BASE.resolve("payments")).method("PUT", HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"));
        problem(r, 405);
        assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET").contains("POST"));
    }

    @Test
    void unknownPathsAre404() throws Exception {
        for (URI uri : new URI[] {BASE.resolve("no-such-thing"), URI.create("http://127.0.0.1:8080/api/v2/payments"),
                URI.create("http://127.0.0.1:8080/api/")}) {
            problem(send(HttpRequest.newBuilder(uri).GET()), 404);
        }
    }
}
