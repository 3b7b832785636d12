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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's readiness on the management port names the payments database and is UP when
 * payments can commit there: on PostgreSQL (-Ppostgresql) it reports
 * {@code max_prepared_transactions}, which must be above 0 (a value of 0 makes it DOWN, with the
 * fix as its reason: {@code DatabaseStatusTest}).
 */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    private static final URI READY = URI.create("http://127.0.0.1:9990/health/ready");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @Inject
    Probe probe;

    @Test
    void readinessNamesTheDatabaseAndIsUp() throws Exception {
        HttpResponse<String> r = Api.get(READY);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject health = Api.json(r.body());
        assertThat(health.getString("status")).isEqualTo("UP");
        JsonObject check = health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("steadfast-database")).findFirst().orElseThrow(
                        () -> new AssertionError("no steadfast-database check in " + r.body()));
        assertThat(check.getString("status")).isEqualTo("UP");
        JsonObject data = check.getJsonObject("data");
        if (probe.isPostgreSql()) {
            assertThat(data.getString("database")).isEqualTo("PostgreSQL");
            assertThat(data.getJsonNumber("max_prepared_transactions").intValue()).isPositive();
        } else {
            assertThat(data.getString("database")).isEqualTo("H2");
            assertThat(data.containsKey("max_prepared_transactions")).isFalse();
        }
        assertThat(data.containsKey("reason")).isFalse();
        // steadfast.db is the build's choice (h2, or postgresql with -Ppostgresql), given to the server by arquillian.xml.
        assertThat(probe.isPostgreSql()).as("the server runs on the database the build chose (%s)", System.getProperty("steadfast.db"))
                .isEqualTo("postgresql".equals(System.getProperty("steadfast.db")));
    }
}
