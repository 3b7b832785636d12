package io.steadfast.it;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.steadfast.it.Api.BASE;
import static io.steadfast.it.Api.get;
import static io.steadfast.it.Api.json;
import static io.steadfast.it.Api.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database of the release before migrations, with payments in it, is migrated and its payments
 * read back with their integrity codes intact.
 *
 * <p>That release's schema is what {@code hbm2ddl update} produced, and V1 is exactly that schema
 * (the unit test {@code MigrationContract} compares them column by column). So the test database,
 * once its Flyway history table is dropped, <em>is</em> a database of that release: its tables, rows
 * written and sealed by the application through the API, no history. The test then runs the
 * application's migration entry point as a deployment does, which must adopt the database as
 * version 1 (baseline) without touching a row, and reads every payment back through the API:
 * the JPA listener checks each row's CRC32C, SECDED bits and HMAC seal on load, so a payment whose
 * codes changed would answer 500 {@code integrity-violation} instead of its body.
 */
@ExtendWith(ArquillianExtension.class)
class SchemaAdoptionIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @EJB(lookup = "java:global/steadfast/steadfast-it/SchemaMigrator")
    SchemaMigrator migrator;

    @Inject
    Probe probe;

    private static String key() {
        return "adopt-" + UUID.randomUUID();
    }

    @Test
    void previousReleaseDatabaseWithPaymentsIsAdoptedAndItsPaymentsReadBackSealed() throws Exception {
        // Payments of every kind: a wallet purchase, an approved card purchase, and an authorization
        // captured in part and refunded in part (ledger entries, idempotency records).
        Map<String, String> created = new LinkedHashMap<>();
        String walletKey = key();
        created.put(walletKey, "{\"orderId\":\"order-adopt-1\",\"amount\":4999,\"currency\":\"EUR\",\"method\":\"wallet\"}");
        String cardKey = key();
        created.put(cardKey, "{\"orderId\":\"order-adopt-2\",\"amount\":1250,\"currency\":\"USD\",\"method\":\"card\",\"card\":{\"number\":\"4242 4242 4242 4242\"}}");
        String authKey = key();
        created.put(authKey, "{\"orderId\":\"order-adopt-3\",\"amount\":1000,\"currency\":\"EUR\",\"method\":\"wallet\",\"capture\":false}");
        Map<String, String> answers = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, String> e : created.entrySet()) {
            HttpResponse<String> r = post("payments", e.getValue(), e.getKey());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            answers.put(e.getKey(), r.body());
            ids.add(json(r.body()).getString("id"));
        }
        String authorized = ids.get(2);
        assertThat(post("payments/" + authorized + "/capture", "{\"amount\":600}", key()).statusCode()).isEqualTo(200);
        String refundKey = key();
        HttpResponse<String> refund = post("payments/" + authorized + "/refunds", "{\"amount\":250}", refundKey);
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(200);

        // The janitor settles other tests' card payments still waiting for an outcome in the
        // background (within seconds in the test server): wait until it has none left, so that
        // no row changes between the reads below.
        await().atMost(Duration.ofSeconds(120)).until(() -> probe.count("select count(*) from payment where method = 'CARD' "
                + "and status in ('PENDING', 'UNKNOWN') and id not in (select entity_id from integrity_quarantine where entity = 'Payment')") == 0);
        // Every payment in the database (other tests' too), as the API answers it, and its stored codes.
        Map<String, String> before = readEveryPayment();
        for (String id : ids) {
            assertThat(before.get(id)).as("payment %s reads back", id).startsWith("200 ");
        }
        String codesBefore = storedCodes();
        assertThat(migrator.history()).as("the deployment migrated the empty test database from V1").contains("1 SQL true");

        migrator.dropHistory();
        assertThat(probe.count("select count(*) from payment")).as("rows of the previous release are there").isEqualTo(before.size());
        int executed = migrator.migrate();

        List<String> history = migrator.history();
        assertThat(history).as("adopted as version 1").contains("1 BASELINE true").doesNotContain("1 SQL true");
        assertThat(executed).as("only migrations after V1 run: %s", history)
                .isEqualTo(history.stream().filter(h -> h.matches("\\d.* SQL true")).count());
        assertThat(storedCodes()).as("no row or code changed").isEqualTo(codesBefore);
        assertThat(readEveryPayment()).as("every payment reads back as before, its codes verified on load").isEqualTo(before);
        for (Map.Entry<String, String> e : created.entrySet()) {
            HttpResponse<String> replay = post("payments", e.getValue(), e.getKey());
            assertThat(replay.body()).as("the idempotency record reads back (sealed too)").isEqualTo(answers.get(e.getKey()));
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        }
        assertThat(post("payments/" + authorized + "/refunds", "{\"amount\":250}", refundKey).body()).isEqualTo(refund.body());
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", authorized)).isEqualTo(4);
        HttpResponse<String> ledger = get(BASE.resolve("admin/ledger"));
        assertThat(ledger.statusCode()).as(ledger.body()).isEqualTo(200);
    }

    /** Status and body of {@code GET /payments/{id}} for every payment row, by id. */
    private Map<String, String> readEveryPayment() throws Exception {
        Map<String, String> all = new java.util.TreeMap<>();
        for (String id : probe.strings("select id from payment")) {
            HttpResponse<String> r = get(BASE.resolve("payments/" + id));
            all.put(id, r.statusCode() + " " + r.body());
        }
        return all;
    }

    private String storedCodes() {
        return String.join("\n", probe.strings("select id || ' ' || amount_minor || ' ' || check_crc32c || ' ' || check_amount_secded || ' ' "
                + "|| check_seal || ' ' || version from payment order by id"));
    }
}
