package io.steadfast.it.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadfast.it.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI document the server serves at /openapi describes the API well enough to generate a
 * client: every status each operation answers, the problem responses, the required
 * Idempotency-Key; no benchmark baselines. A Java client generated from it compiles and takes a
 * payment on this server. Swagger UI is served from the server itself.
 *
 * <p>Runs as a client of the plain steadfast.ear (no test WAR, so the document is the one
 * production serves). The document is saved to target/openapi/openapi.json, the generated client
 * to target/openapi/client.
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

    private static final URI SERVER = URI.create("http://127.0.0.1:8080/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "application/problem+json";
    private static final String MAX_AMOUNT = "999999999999999999";

    /** What each operation answers, read from the resources and the problem mapper. */
    private static final Map<String, Set<String>> STATUSES = new TreeMap<>(Map.ofEntries(
            Map.entry("POST /api/v1/payments", Set.of("201", "400", "406", "409", "413", "415", "422", "500")),
            Map.entry("GET /api/v1/payments", Set.of("200", "400", "406", "500")),
            Map.entry("GET /api/v1/payments/{id}", Set.of("200", "404", "406", "500")),
            Map.entry("GET /api/v1/payments/{id}/receipt", Set.of("200", "404", "406", "500")),
            Map.entry("POST /api/v1/payments/{id}/capture", Set.of("200", "400", "404", "406", "409", "413", "422", "500")),
            Map.entry("POST /api/v1/payments/{id}/void", Set.of("200", "400", "404", "406", "409", "422", "500")),
            Map.entry("POST /api/v1/payments/{id}/refunds", Set.of("200", "400", "404", "406", "409", "413", "415", "422", "500")),
            Map.entry("GET /api/v1/cart", Set.of("200", "406", "500")),
            Map.entry("POST /api/v1/cart/items", Set.of("200", "400", "406", "409", "413", "415", "422", "500")),
            Map.entry("DELETE /api/v1/cart/items/{sku}", Set.of("200", "404", "406", "500")),
            Map.entry("POST /api/v1/cart/checkout", Set.of("201", "400", "406", "409", "413", "415", "422", "500")),
            Map.entry("GET /api/v1/receipts/public-key", Set.of("200", "406", "500")),
            Map.entry("GET /api/v1/admin/ledger", Set.of("200", "401", "406", "500")),
            Map.entry("GET /api/v1/admin/quarantine", Set.of("200", "401", "406", "500")),
            Map.entry("GET /api/v1/admin/overview", Set.of("200", "401", "406", "500")),
            Map.entry("GET /api/v1/admin/overview/history", Set.of("200", "401", "406", "500")),
            Map.entry("POST /api/v1/admin/quarantine/{entity}/{id}/release",
                    Set.of("204", "400", "401", "403", "404", "406", "409", "415", "500")),
            Map.entry("GET /api/v1/admin/vault", Set.of("200", "401", "406", "500", "503")),
            Map.entry("POST /api/v1/admin/vault/scrub", Set.of("200", "400", "401", "403", "406", "500")),
            Map.entry("POST /api/v1/admin/vault/disks/{index}/rebuild", Set.of("200", "400", "401", "403", "406", "500")),
            Map.entry("GET /api/v1/admin/me", Set.of("200", "401", "406", "500")),
            Map.entry("POST /api/v1/admin/session/logout", Set.of("204", "401", "406", "500")),
            Map.entry("GET /api/v1/admin/in-doubt", Set.of("200", "401", "406", "500")),
            Map.entry("POST /api/v1/admin/in-doubt/{transactionId}/recover", Set.of("200", "400", "401", "403", "404", "406", "415", "500")),
            Map.entry("POST /api/v1/admin/in-doubt/{transactionId}/forget",
                    Set.of("200", "400", "401", "403", "404", "406", "409", "415", "500")),
            Map.entry("GET /api/v1/admin/payments/stuck", Set.of("200", "400", "401", "406", "500")),
            Map.entry("POST /api/v1/admin/payments/{id}/settle", Set.of("200", "400", "401", "403", "404", "406", "409", "415", "500")),
            Map.entry("GET /api/v1/admin/audit", Set.of("200", "400", "401", "406", "500")),
            Map.entry("GET /api/v1/admin/audit/verify", Set.of("200", "401", "406", "500"))));

    /** The operations that require an Idempotency-Key. */
    private static final Set<String> KEYED = Set.of("POST /api/v1/payments", "POST /api/v1/payments/{id}/capture",
            "POST /api/v1/payments/{id}/void", "POST /api/v1/payments/{id}/refunds", "POST /api/v1/cart/items",
            "POST /api/v1/cart/checkout");

    private static JsonNode document;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.steadfast();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path outputDir() {
        return Path.of(System.getProperty("openapi.output", "target/openapi"));
    }

    /** The served document (JSON), fetched once and saved to target/openapi/openapi.json. */
    private static synchronized JsonNode document() throws Exception {
        if (document == null) {
            HttpResponse<String> r = get(SERVER.resolve("/openapi?format=JSON"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Files.createDirectories(outputDir());
            Files.writeString(outputDir().resolve("openapi.json"), r.body());
            document = JSON.readTree(r.body());
        }
        return document;
    }

    /** Every operation of the document as "METHOD path". */
    private static Map<String, JsonNode> operations() throws Exception {
        Map<String, JsonNode> ops = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : document().path("paths").properties()) {
            for (String method : List.of("get", "put", "post", "delete", "patch", "head", "options")) {
                if (path.getValue().has(method)) {
                    ops.put(method.toUpperCase() + " " + path.getKey(), path.getValue().get(method));
                }
            }
        }
        return ops;
    }

    /** Follows a local {@code $ref} ("#/components/...") to what it names. */
    private static JsonNode resolve(JsonNode node) throws Exception {
        JsonNode n = node;
        for (int hops = 0; n.has("$ref"); hops++) {
            String ref = n.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            assertThat(hops).as("reference chain " + ref).isLessThan(5);
            n = document().at(ref.substring(1));
            assertThat(n.isMissingNode()).as("the document defines " + ref).isFalse();
        }
        return n;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyOperationListsTheStatusesItAnswers() throws Exception {
        Map<String, JsonNode> ops = operations();
        assertThat(ops.keySet()).as("the operations of the API, and no others").containsExactlyInAnyOrderElementsOf(STATUSES.keySet());
        Map<String, Set<String>> documented = new TreeMap<>();
        Set<String> operationIds = new TreeSet<>();
        for (Map.Entry<String, JsonNode> op : ops.entrySet()) {
            documented.put(op.getKey(), names(op.getValue().path("responses")));
            assertThat(operationIds.add(op.getValue().path("operationId").asText())).as("unique operationId of " + op.getKey()).isTrue();
        }
        assertThat(documented).isEqualTo(STATUSES);
    }

    @Test
    void everyErrorIsAProblemDocument() throws Exception {
        int checked = 0;
        for (Map.Entry<String, JsonNode> op : operations().entrySet()) {
            for (Map.Entry<String, JsonNode> r : op.getValue().path("responses").properties()) {
                JsonNode response = resolve(r.getValue());
                String where = op.getKey() + " " + r.getKey();
                assertThat(response.path("description").asText()).as(where + " has a description").isNotBlank();
                if (r.getKey().equals("204")) {
                    assertThat(names(response.path("content"))).as(where + " has no body").isEmpty();
                    continue;
                }
                if (r.getKey().startsWith("2") || where.equals("GET /api/v1/admin/vault 503")) {
                    assertThat(names(response.path("content"))).as(where).containsExactly("application/json");
                    continue;
                }
                assertThat(names(response.path("content"))).as(where).containsExactly(PROBLEM);
                assertThat(response.at("/content/" + PROBLEM.replace("/", "~1") + "/schema/$ref").asText()).as(where)
                        .isEqualTo("#/components/schemas/Problem");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(60);
        JsonNode problem = document().at("/components/schemas/Problem");
        assertThat(names(problem.path("properties"))).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
        assertThat(problem.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("type", "title", "status", "detail");
        assertThat(problem.at("/properties/status/type").asText()).isEqualTo("integer");
    }

    @Test
    void idempotencyKeyIsRequiredWhereTheServerRequiresIt() throws Exception {
        for (Map.Entry<String, JsonNode> op : operations().entrySet()) {
            List<JsonNode> keys = new ArrayList<>();
            for (JsonNode p : op.getValue().path("parameters")) {
                JsonNode param = resolve(p);
                if (param.path("name").asText().equalsIgnoreCase("Idempotency-Key")) {
                    keys.add(param);
                }
            }
            if (!KEYED.contains(op.getKey())) {
                assertThat(keys).as(op.getKey()).isEmpty();
                continue;
            }
            assertThat(keys).as(op.getKey() + " has one Idempotency-Key").hasSize(1);
            JsonNode key = keys.get(0);
            assertThat(key.path("in").asText()).isEqualTo("header");
            assertThat(key.path("required").asBoolean()).as(op.getKey() + " requires it").isTrue();
            assertThat(key.at("/schema/maxLength").asInt()).isEqualTo(255);
        }
    }

    @Test
    void aPaymentIsCreatedWith201AndItsBodyAndLimitsAreDescribed() throws Exception {
        JsonNode create = operations().get("POST /api/v1/payments");
        assertThat(create.path("responses").has("200")).as("no 200: a payment is created").isFalse();
        JsonNode created = resolve(create.at("/responses/201"));
        assertThat(created.at("/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/PaymentResponse");
        assertThat(names(created.path("headers"))).contains("Location", "Idempotent-Replayed");

        assertThat(create.at("/requestBody/required").asBoolean()).isTrue();
        JsonNode body = resolve(create.at("/requestBody/content/application~1json/schema"));
        assertThat(body.path("required")).extracting(JsonNode::asText).contains("orderId", "amount", "currency", "method");
        JsonNode amount = body.at("/properties/amount");
        assertThat(amount.path("type").asText()).isEqualTo("integer");
        assertThat(amount.path("format").asText()).isEqualTo("int64");
        assertThat(new BigInteger(amount.path("maximum").asText())).isEqualTo(new BigInteger(MAX_AMOUNT));
        assertThat(amount.path("description").asText()).contains("minor units");
        assertThat(body.at("/properties/method/enum")).extracting(JsonNode::asText).containsExactly("card", "bank_transfer", "wallet");

        JsonNode payment = document().at("/components/schemas/PaymentResponse");
        assertThat(payment.at("/properties/status/enum")).extracting(JsonNode::asText)
                .contains("PENDING", "DECLINED", "UNKNOWN", "AUTHORIZED", "CAPTURED", "REFUNDED", "VOIDED");
        assertThat(new BigInteger(payment.at("/properties/amount/maximum").asText())).isEqualTo(new BigInteger(MAX_AMOUNT));
    }

    @Test
    void theBenchmarkBaselinesAreLeftOutThoughThisServerServesThem() throws Exception {
        assertThat(get(SERVER.resolve("/api/v1/baselines")).statusCode()).as("switched on in the test server").isEqualTo(200);
        assertThat(names(document().path("paths"))).noneMatch(p -> p.contains("baselines"));
        assertThat(document().toString()).doesNotContain("/baselines");
    }

    @Test
    void swaggerUiIsServedFromThisServerAndLoadsTheDocument() throws Exception {
        URI page = SERVER.resolve("/api-docs/");
        HttpResponse<String> index = get(page);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index.body());
        List<String> assets = new ArrayList<>();
        while (refs.find()) {
            assets.add(refs.group(1));
        }
        assertThat(assets).as("the page's scripts and styles").hasSizeGreaterThanOrEqualTo(4)
                .anyMatch(a -> a.contains("swagger-ui-bundle.js")).anyMatch(a -> a.endsWith("initializer.js"));
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("index.html", index.body());
        for (String asset : assets) {
            assertThat(URI.create(asset).isAbsolute()).as("served by this server, not a CDN: " + asset).isFalse();
            HttpResponse<String> r = get(page.resolve(asset));
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotEmpty();
            bodies.put(asset, r.body());
        }
        String initializer = bodies.get("initializer.js");
        assertThat(initializer).contains("url: \"/openapi?format=JSON\"").contains("validatorUrl: null");
        assertThat(bodies.get("index.html") + initializer).as("nothing loaded from elsewhere").doesNotContain("http://", "https://", "//cdn");
        HttpResponse<String> doc = get(page.resolve("/openapi?format=JSON"));
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(doc.body()).path("openapi").asText()).startsWith("3.");
    }

    @Test
    void aGeneratedClientCompilesAndTakesAPayment() throws Throwable {
        document();
        try (GeneratedClient client = GeneratedClient.generate(outputDir().resolve("openapi.json"), outputDir().resolve("client"),
                "http://127.0.0.1:8080")) {
            Object payments = client.api("PaymentsApi");
            String orderId = "openapi-" + UUID.randomUUID();
            Map<String, Object> args = new HashMap<>();
            args.put("idempotencyKey", "openapi-" + UUID.randomUUID());
            args.put("createPaymentRequest", "{\"orderId\":\"" + orderId + "\",\"amount\":1250,\"currency\":\"USD\",\"method\":\"wallet\"}");
            JsonNode created = client.mapper().valueToTree(client.call(payments, "createPayment", args));
            assertThat(created.path("orderId").asText()).isEqualTo(orderId);
            assertThat(created.path("amount").asLong()).isEqualTo(1250);
            assertThat(created.path("status").asText()).isEqualTo("CAPTURED");
            String id = created.path("id").asText();

            JsonNode read = client.mapper().valueToTree(client.call(payments, "getPayment", Map.of("id", id)));
            assertThat(read).isEqualTo(created);

            Object page = client.call(payments, "listPayments", Map.of("orderId", orderId));
            List<?> items = (List<?>) page.getClass().getMethod("getItems").invoke(page);
            assertThat(items).hasSize(1);
            Object item = items.get(0).getClass().getMethod("getActualInstance").invoke(items.get(0));
            assertThat(item.getClass().getSimpleName()).isEqualTo("PaymentResponse");

            try {
                client.call(payments, "getPayment", Map.of("id", "no-such-payment"));
                fail("a missing payment is an error");
            } catch (Throwable e) {
                assertThat(e.getClass().getSimpleName()).isEqualTo("ApiException");
                assertThat(GeneratedClient.code(e)).isEqualTo(404);
                assertThat(JSON.readTree(GeneratedClient.body(e)).path("type").asText()).isEqualTo("urn:steadfast:problem:not-found");
            }

            Map<String, Object> noKey = new HashMap<>(args);
            noKey.remove("idempotencyKey");
            assertThatThrownBy(() -> client.call(payments, "createPayment", noKey))
                    .as("the client refuses to send a payment without the required key")
                    .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo("ApiException"))
                    .hasMessageContaining("idempotencyKey");

            // A listing item the server shows for a quarantined row reads as the other type.
            Object quarantined = client.mapper().readValue("{\"items\":[{\"id\":\"q-1\",\"status\":\"QUARANTINED\","
                    + "\"integrity\":\"violation\",\"detail\":\"quarantined\"}]}", client.type("model.PaymentListResponse"));
            List<?> qItems = (List<?>) quarantined.getClass().getMethod("getItems").invoke(quarantined);
            Object q = qItems.get(0).getClass().getMethod("getActualInstance").invoke(qItems.get(0));
            assertThat(q.getClass().getSimpleName()).isEqualTo("QuarantinedPaymentResponse");
        }
    }
}
