package io.steadfast.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadfast.it.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's overview API on a running server: the figures come from the real sources (the
 * vault's two disks, Narayana's statistics through the management model, the payments table, the
 * log store), they move when a payment is taken, the sampler's history fills in, and an operator
 * must sign in to read them.
 */
@ExtendWith(ArquillianExtension.class)
class OverviewIT {

    private static final URI SERVER = URI.create("http://127.0.0.1:8080/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDITOR = "Basic " + Base64.getEncoder().encodeToString("auditor:auditor-secret-1".getBytes(StandardCharsets.UTF_8));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.steadfast();
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(SERVER.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode overview() throws Exception {
        HttpResponse<String> r = get("api/v1/admin/overview", AUDITOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void figuresComeFromTheServerAndMoveWithAPayment() throws Exception {
        JsonNode before = overview();
        assertThat(before.path("vault").path("status").asText()).isEqualTo("UP");
        assertThat(before.path("vault").path("disks")).as("the test server's vault has two disks, both in service").hasSize(2)
                .allSatisfy(d -> assertThat(d.path("state").asText()).isEqualTo("IN_SERVICE"));
        assertThat(before.path("transactions").path("committed").asLong()).as("Narayana's statistics were read").isGreaterThanOrEqualTo(0);
        assertThat(before.path("inDoubt").asLong()).as("the log store was probed").isGreaterThanOrEqualTo(0);
        assertThat(before.path("payments").path("CAPTURED").isNumber()).as("every state is listed").isTrue();
        assertThat(before.path("node").asText()).isNotBlank();

        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(SERVER.resolve("api/v1/payments")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"overview-" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"amount\":100,\"currency\":\"EUR\",\"method\":\"wallet\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String state = JSON.readTree(created.body()).path("status").asText();

        JsonNode after = overview();
        // At least one more: the janitor may settle another test's card payment into the same state meanwhile.
        assertThat(after.path("payments").path(state).asLong()).as("one more payment " + state)
                .isGreaterThanOrEqualTo(before.path("payments").path(state).asLong() + 1);
        assertThat(after.path("transactions").path("committed").asLong()).as("its two-phase commit is counted")
                .isGreaterThan(before.path("transactions").path("committed").asLong());
        assertThat(after.path("vault").path("twoPhaseCommits").asLong()).isGreaterThan(before.path("vault").path("twoPhaseCommits").asLong());
    }

    @Test
    void theHistoryHoldsTheSamplerPoints() throws Exception {
        // The first sample is taken a second after deployment, then one a minute.
        JsonNode history = await("the first sample").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> JSON.readTree(get("api/v1/admin/overview/history", AUDITOR).body()), h -> h.path("points").size() >= 1);
        assertThat(history.path("intervalSeconds").asInt()).isEqualTo(60);
        assertThat(history.path("capacity").asInt()).isEqualTo(60);
        JsonNode point = history.path("points").get(0);
        assertThat(Instant.parse(point.path("at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(point.path("vault").path("disks")).hasSize(2);
    }

    @Test
    void anOperatorMustSignIn() throws Exception {
        HttpResponse<String> r = get("api/v1/admin/overview", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> wrong = get("api/v1/admin/overview/history",
                "Basic " + Base64.getEncoder().encodeToString("auditor:wrong".getBytes(StandardCharsets.UTF_8)));
        assertThat(wrong.statusCode()).isEqualTo(401);
    }
}
