package io.steadfast.it;

import io.steadfast.integrity.domain.IntegrityViolationException;
import io.steadfast.integrity.infrastructure.IntegrityGuard;
import io.steadfast.integrity.infrastructure.IntegrityRepairs;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.vault.api.VaultStatistics;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The benchmark's baselines (issue 5) and the integrity switch: the one-phase payment is the
 * same payment without the vault, the no-op writes nothing, the switches do what they say and
 * nothing written while the codes are off is trusted once they are back on.
 */
@ExtendWith(ArquillianExtension.class)
class BaselinesIT {

    private static final String WALLET = "{\"orderId\":\"order-baseline\",\"amount\":1999,\"currency\":\"EUR\",\"method\":\"wallet\"}";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/PaymentServiceBean!io.steadfast.payment.application.PaymentService")
    PaymentService payments;

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/IntegrityRepairs")
    IntegrityRepairs repairs;

    @Inject
    Probe probe;

    private static void assertProblem(HttpResponse<String> r, int status, String detailContains) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(Api.json(r.body()).getString("detail")).contains(detailContains);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theOnePhaseBaselineTakesThePaymentWithoutTheVault() throws Exception {
        VaultStatistics before = probe.vaultStatistics();

        HttpResponse<String> r = Api.post("baselines/payments-one-phase", WALLET, UUID.randomUUID().toString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = Api.json(r.body()).getString("id");
        assertThat(probe.paymentRowExists(id)).isTrue();
        assertThat(probe.count("select count(*) from ledger_entry where payment_id = ?", id)).as("the capture's two postings").isEqualTo(2);
        assertThat(probe.count("select count(*) from payment where id = ? and check_seal <> ''", id)).as("sealed like any payment").isEqualTo(1);
        assertThat(probe.receiptExists(id)).as("no receipt: the baseline has no vault write").isFalse();
        VaultStatistics after = probe.vaultStatistics();
        assertThat(after.prepares() + after.onePhaseCommits() + after.twoPhaseCommits())
                .as("no vault branch at all").isEqualTo(before.prepares() + before.onePhaseCommits() + before.twoPhaseCommits());
        // Written through the non-XA datasource, read back through the XA one with its codes checked.
        assertThat(Api.get(Api.BASE.resolve("payments/" + id)).statusCode()).isEqualTo(200);
    }

    @Test
    void theNoopReadsTheBodyAndWritesNothing() throws Exception {
        long rows = probe.paymentRows();

        HttpResponse<String> r = Api.post("baselines/noop", WALLET, null);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(Api.json(r.body()).getString("orderId")).isEqualTo("order-baseline");
        assertThat(probe.paymentRows()).isEqualTo(rows);
        assertThat(Api.post("baselines/noop", "{\"orderId\":", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theOnePhaseBaselineRefusesWhatThePaymentApiRefuses() throws Exception {
        long rows = probe.paymentRows();

        assertProblem(Api.post("baselines/payments-one-phase",
                "{\"orderId\":\"o\",\"amount\":1999,\"currency\":\"EUR\",\"method\":\"card\",\"card\":{\"number\":\"4242424242424242\"}}",
                UUID.randomUUID().toString()), 400, "no card payments");
        assertProblem(Api.post("baselines/payments-one-phase", WALLET, null), 400, "Idempotency-Key");
        assertProblem(Api.post("baselines/payments-one-phase", WALLET.replace("1999", "-5"), UUID.randomUUID().toString()), 400, "amount");
        assertThat(probe.paymentRows()).isEqualTo(rows);
    }

    @Test
    void switchedOffTheBaselinesAreNotThere() throws Exception {
        System.setProperty("steadfast.baselines.enabled", "false");
        try {
            assertProblem(Api.get(Api.BASE.resolve("baselines")), 404, "steadfast.baselines.enabled=true");
            assertProblem(Api.post("baselines/noop", WALLET, null), 404, "switched off");
        } finally {
            System.setProperty("steadfast.baselines.enabled", "true");
        }
        assertThat(Api.get(Api.BASE.resolve("baselines")).statusCode()).isEqualTo(200);
    }

    @Test
    void rowsWrittenWithTheCodesOffAreQuarantinedWhenReadWithThemOn() throws Exception {
        String key = UUID.randomUUID().toString();
        String id = null;
        System.setProperty(IntegrityGuard.SWITCH, "false");
        try {
            JsonObject state = Api.json(Api.get(Api.BASE.resolve("baselines")).body());
            assertThat(state.getBoolean("integrityCodes")).isFalse();
            id = payments.create(new NewPayment("order-unsealed", 700, "EUR", PaymentMethod.WALLET, key)).payment().id();
            assertThat(probe.count("select count(*) from payment where id = ? and check_seal = ''", id)).as("no codes written").isEqualTo(1);
            assertThat(payments.find(id)).as("nothing is checked while off").isPresent();

            System.setProperty(IntegrityGuard.SWITCH, "true");
            String unsealed = id;
            Throwable refused = catchThrowable(() -> payments.find(unsealed));

            assertThat(refused).isNotNull();
            Throwable t = refused;
            while (t != null && !(t instanceof IntegrityViolationException)) {
                t = t.getCause();
            }
            assertThat(t).as("refused as an integrity violation: " + refused).isNotNull();
            assertThat(repairs.quarantined()).anySatisfy(q -> {
                assertThat(q.getEntityId()).isEqualTo(unsealed);
                assertThat(q.getReason()).contains("unsealed");
            });
        } finally {
            System.clearProperty(IntegrityGuard.SWITCH);
            if (id != null) {
                // Unsealed rows would be refused by any later test that reads them.
                probe.update("delete from ledger_entry where payment_id = ?", id);
                probe.update("delete from idempotency_record where idempotency_key = ?", key);
                probe.update("delete from payment where id = ?", id);
                probe.update("delete from integrity_quarantine where entity_id = ?", id);
            }
        }
    }
}
