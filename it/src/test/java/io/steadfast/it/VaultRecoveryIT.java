package io.steadfast.it;

import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.vault.api.VaultStatistics;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Narayana's periodic recovery finds the vault's XAResource through the resource adapter and
 * settles a branch left prepared. A Byteman rule (src/test/byteman/vault-faults.btm) makes the
 * vault's phase-two commit fail once with XAER_RMFAIL: the database commits, the vault branch
 * stays prepared, and the receipt appears only when recovery commits it. The same on H2 and on
 * PostgreSQL (-Ppostgresql), where the database's branch is checked in {@code pg_prepared_xacts}.
 */
@ExtendWith(ArquillianExtension.class)
class VaultRecoveryIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/PaymentServiceBean!io.steadfast.payment.application.PaymentService")
    PaymentService payments;

    @Inject
    Probe probe;

    @Test
    void periodicRecoveryCommitsAVaultBranchLeftPrepared() {
        VaultStatistics before = probe.vaultStatistics();
        System.setProperty("steadfast.fault.vault-commit", "armed");

        String id = payments.create(new NewPayment("order-recovery", 777, "EUR", PaymentMethod.CARD, UUID.randomUUID().toString()))
                .payment().id();

        assertThat(System.getProperty("steadfast.fault.vault-commit")).as("the Byteman rule fired").isNull();
        assertThat(probe.paymentRowExists(id)).isTrue();
        assertThat(probe.receiptExists(id)).as("the vault branch is still in doubt").isFalse();
        assertThat(probe.vaultStatistics().prepares() - before.prepares()).isEqualTo(1);
        assertThat(probe.preparedDatabaseBranches()).as("the database's branch committed in phase two").isZero();

        // Recovery runs every 5 s in the test server (standalone-config/properties/test.properties).
        await("recovery commits the vault branch").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> probe.receiptExists(id));
        assertThat(probe.vaultStatistics().twoPhaseCommits() - before.twoPhaseCommits()).isEqualTo(1);
        assertThat(payments.receipt(id)).isPresent();
    }
}
