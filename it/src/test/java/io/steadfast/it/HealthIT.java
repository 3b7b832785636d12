package io.steadfast.it;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's readiness on the management port (9990: arquillian.xml sets no port offset) lists
 * every check and is UP when payments can complete: the database (on PostgreSQL, -Ppostgresql, it
 * reports {@code max_prepared_transactions}, which must be above 0: {@code DatabaseStatusTest}),
 * the vault, the transaction manager's node identifier and recovery. A vault whose applier cannot
 * write makes it DOWN, and it is UP again once the applier writes.
 */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    private static final URI READY = URI.create("http://127.0.0.1:9990/health/ready");
    private static final URI LIVE = URI.create("http://127.0.0.1:9990/health/live");
    private static final List<String> CHECKS = List.of("steadfast-database", "steadfast-vault", "steadfast-node-identifier", "steadfast-recovery");
    /** Armed, the Byteman rule in src/test/byteman/vault-faults.btm fails every batch the vault's applier writes. */
    private static final String APPLIER_FAULT = "steadfast.fault.vault-apply";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @Inject
    Probe probe;

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow(
                        () -> new AssertionError("no " + name + " check in " + health));
    }

    @Test
    void readinessListsEveryCheckAndIsUp() throws Exception {
        HttpResponse<String> r = Api.get(READY);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject health = Api.json(r.body());
        assertThat(health.getString("status")).isEqualTo("UP");
        for (String name : CHECKS) {
            JsonObject check = check(health, name);
            assertThat(check.getString("status")).as(name).isEqualTo("UP");
            assertThat(check.getJsonObject("data").containsKey("reason")).as(name).isFalse();
        }
        JsonObject data = check(health, "steadfast-database").getJsonObject("data");
        if (probe.isPostgreSql()) {
            assertThat(data.getString("database")).isEqualTo("PostgreSQL");
            assertThat(data.getJsonNumber("max_prepared_transactions").intValue()).isPositive();
        } else {
            assertThat(data.getString("database")).isEqualTo("H2");
            assertThat(data.containsKey("max_prepared_transactions")).isFalse();
        }
        // standalone-config/properties/test.properties
        assertThat(check(health, "steadfast-node-identifier").getJsonObject("data").getString("node_identifier")).isEqualTo("steadfast-it");
        assertThat(check(health, "steadfast-recovery").getJsonObject("data").getString("vault")).isEqualTo("recovered");
        assertThat(check(health, "steadfast-vault").getJsonObject("data").getString("status")).isEqualTo("UP");
        // steadfast.db is the build's choice (h2, or postgresql with -Ppostgresql), given to the server by arquillian.xml.
        assertThat(probe.isPostgreSql()).as("the server runs on the database the build chose (%s)", System.getProperty("steadfast.db"))
                .isEqualTo("postgresql".equals(System.getProperty("steadfast.db")));
    }

    @Test
    void aVaultApplierThatCannotWriteMakesReadinessDownUntilItWritesAgain() throws Exception {
        System.setProperty(APPLIER_FAULT, "armed");
        try {
            probe.putInVault("health-it-" + UUID.randomUUID(), "applier fault".getBytes(StandardCharsets.US_ASCII));

            JsonObject down = await("readiness DOWN while the applier fails").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Api.get(READY), r -> r.statusCode() == 503)
                    .body().transform(Api::json);
            assertThat(down.getString("status")).isEqualTo("DOWN");
            JsonObject vault = check(down, "steadfast-vault");
            assertThat(vault.getString("status")).isEqualTo("DOWN");
            assertThat(vault.getJsonObject("data").getString("status")).isEqualTo("DEGRADED");
            assertThat(vault.getJsonObject("data").getString("reason")).contains("the applier cannot write").contains("injected");
            assertThat(check(down, "steadfast-database").getString("status")).isEqualTo("UP");
            // Liveness stays simple: a failing applier is no reason to restart the server.
            assertThat(Api.get(LIVE).statusCode()).isEqualTo(200);
        } finally {
            System.clearProperty(APPLIER_FAULT);
        }

        HttpResponse<String> up = await("readiness UP once the applier writes again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> Api.get(READY), r -> r.statusCode() == 200);
        assertThat(check(Api.json(up.body()), "steadfast-vault").getString("status")).isEqualTo("UP");
    }
}
