package io.steadfast.it;

import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.vault.api.VaultStatistics;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A payment is written to the database and the vault under one XA transaction: both or neither,
 * committed with a real two-phase commit.
 */
@ExtendWith(ArquillianExtension.class)
class PaymentAtomicityIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/PaymentServiceBean!io.steadfast.payment.application.PaymentService")
    PaymentService payments;

    @EJB(lookup = "java:global/steadfast/steadfast-it/FailingCheckout")
    FailingCheckout failingCheckout;

    @Resource(lookup = "java:jboss/UserTransaction")
    UserTransaction utx;

    @Inject
    Probe probe;

    private static NewPayment newPayment() {
        return new NewPayment("order-" + UUID.randomUUID(), 4_250, "EUR", PaymentMethod.CARD, UUID.randomUUID().toString());
    }

    @Test
    void committedPaymentHasItsRowAndItsReceipt() {
        PaymentResult result = payments.create(newPayment());

        assertThat(result.created()).isTrue();
        assertThat(probe.paymentRowExists(result.payment().id())).isTrue();
        assertThat(probe.receiptExists(result.payment().id())).isTrue();
        assertThat(payments.receipt(result.payment().id())).hasValueSatisfying(r ->
                assertThat(new String(r.document(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("\"paymentId\":\"" + result.payment().id() + "\"")
                        .contains("\"amount\":4250"));
    }

    @Test
    void commitIsTwoPhaseAcrossTheDatabaseAndTheVault() {
        VaultStatistics before = probe.vaultStatistics();

        PaymentResult result = payments.create(newPayment());

        VaultStatistics after = probe.vaultStatistics();
        // Narayana only prepares when a transaction has more than one resource (otherwise it
        // commits the single one in one phase), so a vault prepare followed by a two-phase
        // commit shows that the XA datasource was the other participant.
        assertThat(after.prepares() - before.prepares()).isEqualTo(1);
        assertThat(after.twoPhaseCommits() - before.twoPhaseCommits()).isEqualTo(1);
        assertThat(after.onePhaseCommits()).isEqualTo(before.onePhaseCommits());
        assertThat(probe.paymentRowExists(result.payment().id())).isTrue();
    }

    @Test
    void setRollbackOnlyLeavesNeitherRowNorReceipt() throws Exception {
        VaultStatistics before = probe.vaultStatistics();

        utx.begin();
        String id = payments.create(newPayment()).payment().id();
        utx.setRollbackOnly();
        assertThatThrownBy(utx::commit).isInstanceOf(RollbackException.class);

        assertThat(probe.paymentRowExists(id)).isFalse();
        assertThat(probe.receiptExists(id)).isFalse();
        assertThat(probe.vaultStatistics().rollbacks() - before.rollbacks())
                .as("the vault took part in the transaction and was rolled back").isEqualTo(1);
    }

    @Test
    void anExceptionAfterBothWritesLeavesNeitherRowNorReceipt() {
        VaultStatistics before = probe.vaultStatistics();

        assertThatThrownBy(() -> failingCheckout.payThenFail(newPayment())).isInstanceOf(EJBException.class);

        String id = FailingCheckout.LAST_PAYMENT.get();
        assertThat(id).isNotNull();
        assertThat(probe.paymentRowExists(id)).isFalse();
        assertThat(probe.receiptExists(id)).isFalse();
        assertThat(probe.vaultStatistics().rollbacks() - before.rollbacks()).isEqualTo(1);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstPayment() {
        NewPayment p = newPayment();
        PaymentResult first = payments.create(p);
        PaymentResult retry = payments.create(p);

        assertThat(retry.created()).isFalse();
        assertThat(retry.payment().id()).isEqualTo(first.payment().id());
        assertThat(probe.count("select count(*) from payment where idempotency_key = ?", p.idempotencyKey())).isEqualTo(1);
    }
}
