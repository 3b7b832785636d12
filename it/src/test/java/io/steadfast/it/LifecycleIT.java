package io.steadfast.it;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.UUID;

import static io.steadfast.it.Api.BASE;
import static io.steadfast.it.Api.get;
import static io.steadfast.it.Api.post;
import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle over HTTP (authorize, capture, void, refunds, purchase), with the ledger checked
 * after every test: it sums to zero per currency, and every account's balance equals the sum of
 * its entries.
 */
@ExtendWith(ArquillianExtension.class)
class LifecycleIT {


    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @Inject
    Probe probe;

    private static String create(long amount, boolean capture) throws Exception {
        HttpResponse<String> r = post("payments", "{\"orderId\":\"order-life\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"method\":\"wallet\",\"capture\":" + capture + "}", UUID.randomUUID().toString());
        assertThat(r.statusCode()).isEqualTo(201);
        return json(r.body()).getString("id");
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @AfterEach
    void ledgerBalances() throws Exception {
        assertThat(probe.count("select count(*) from (select currency from ledger_entry group by currency having sum(amount_minor) <> 0) unbalanced"))
                .as("the ledger sums to zero in every currency").isZero();
        JsonObject view = json(get(BASE.resolve("admin/ledger")).body());
        view.getJsonObject("totalPerCurrency").forEach((currency, total) ->
                assertThat(((jakarta.json.JsonNumber) total).longValue()).as(currency).isZero());
        for (var b : view.getJsonArray("balances")) {
            JsonObject balance = b.asJsonObject();
            assertThat(balance.getJsonNumber("balanceMinor").longValue()).as(balance.toString()).isEqualTo(
                    probe.count("select coalesce(sum(amount_minor), 0) from ledger_entry where account = ? and currency = ?",
                            balance.getString("account"), balance.getString("currency")));
        }
    }

    @Test
    void authorizeCapturePartlyThenRefundInStepsButNeverMoreThanCaptured() throws Exception {
        String id = create(1_000, false);
        JsonObject p = json(get(BASE.resolve("payments/" + id)).body());
        assertThat(p.getString("status")).isEqualTo("AUTHORIZED");
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).as("no money moved yet").isZero();

        HttpResponse<String> captured = post("payments/" + id + "/capture", "{\"amount\":600}", key());
        assertThat(captured.statusCode()).isEqualTo(200);
        assertThat(json(captured.body()).getString("status")).isEqualTo("CAPTURED");
        assertThat(json(captured.body()).getJsonNumber("captured").longValue()).isEqualTo(600);

        String refundKey = key();
        HttpResponse<String> r1 = post("payments/" + id + "/refunds", "{\"amount\":250}", refundKey);
        assertThat(r1.statusCode()).isEqualTo(200);
        assertThat(json(r1.body()).getString("status")).isEqualTo("PARTIALLY_REFUNDED");
        HttpResponse<String> retried = post("payments/" + id + "/refunds", "{\"amount\":250}", refundKey);
        assertThat(retried.body()).as("a retried refund is not a second refund").isEqualTo(r1.body());

        HttpResponse<String> tooMuch = post("payments/" + id + "/refunds", "{\"amount\":351}", key());
        assertThat(tooMuch.statusCode()).isEqualTo(409);
        assertThat(json(tooMuch.body()).getString("detail")).contains("PARTIALLY_REFUNDED").contains("only 350");

        HttpResponse<String> rest = post("payments/" + id + "/refunds", "{\"amount\":350}", key());
        assertThat(json(rest.body()).getString("status")).isEqualTo("REFUNDED");
        assertThat(json(rest.body()).getJsonNumber("refunded").longValue()).isEqualTo(600);
        assertThat(probe.count("select coalesce(sum(amount_minor), 0) from ledger_entry where payment_id = ? and account = 'merchant:payable'", id))
                .as("everything captured went back").isZero();
    }

    @Test
    void voidReleasesAnAuthorizationAndIllegalMovesAre409NamingTheState() throws Exception {
        String id = create(500, false);
        assertThat(json(post("payments/" + id + "/void", null, key()).body()).getString("status")).isEqualTo("VOIDED");

        HttpResponse<String> capture = post("payments/" + id + "/capture", null, key());
        assertThat(capture.statusCode()).isEqualTo(409);
        assertThat(capture.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(json(capture.body()).getString("detail")).contains("VOIDED");

        String purchased = create(300, true);
        HttpResponse<String> voidIt = post("payments/" + purchased + "/void", null, key());
        assertThat(voidIt.statusCode()).isEqualTo(409);
        assertThat(json(voidIt.body()).getString("detail")).contains("CAPTURED");
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", purchased)).isEqualTo(2);
    }

    @Test
    void badOperationsAreProblems() throws Exception {
        String id = create(500, true);
        assertThat(post("payments/" + id + "/refunds", "{\"amount\":10}", null).statusCode()).as("no key").isEqualTo(400);
        assertThat(post("payments/" + id + "/refunds", "{}", key()).statusCode()).as("no amount").isEqualTo(400);
        assertThat(post("payments/" + id + "/refunds", "{\"amount\":-3}", key()).statusCode()).isEqualTo(400);
        assertThat(post("payments/" + id + "/refunds", "{\"amount\":1.5}", key()).statusCode()).isEqualTo(400);
        assertThat(post("payments/" + UUID.randomUUID() + "/refunds", "{\"amount\":10}", key()).statusCode()).isEqualTo(404);
        String reused = key();
        assertThat(post("payments/" + id + "/refunds", "{\"amount\":10}", reused).statusCode()).isEqualTo(200);
        assertThat(post("payments/" + id + "/refunds", "{\"amount\":11}", reused).statusCode()).isEqualTo(422);
    }
}
