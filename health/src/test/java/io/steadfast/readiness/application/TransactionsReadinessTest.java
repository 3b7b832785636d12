package io.steadfast.readiness.application;

import io.steadfast.readiness.application.TransactionsReadiness.RecoverySettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionsReadinessTest {

    private static final RecoverySettings VAULT = new RecoverySettings("vault", true, false, true);
    private static final RecoverySettings DATASOURCE = new RecoverySettings("ds", true, false, true);

    @Test
    void wildFlysDefaultNodeIdentifierIsNotReadyAndSaysHowToFixIt() {
        Verdict v = TransactionsReadiness.nodeIdentifier("1");

        assertThat(v.isReady()).isFalse();
        assertThat(v.problem()).get().asString().contains("\"1\"").contains("configure-transactions.cli").contains("steadfast.node.id");
    }

    @Test
    void aConfiguredNodeIdentifierIsReady() {
        assertThat(TransactionsReadiness.nodeIdentifier("steadfast-it").isReady()).isTrue();
    }

    @Test
    void theScriptsDefaultIsReadyOnASingleServer() {
        assertThat(TransactionsReadiness.nodeIdentifier("steadfast-1").isReady()).isTrue();
    }

    @Test
    void aMissingNodeIdentifierIsNotReady() {
        assertThat(TransactionsReadiness.nodeIdentifier(null).isReady()).isFalse();
        assertThat(TransactionsReadiness.nodeIdentifier(" ").isReady()).isFalse();
    }

    @Test
    void recoveryThatReachesBothResourcesIsReady() {
        assertThat(TransactionsReadiness.recovery(VAULT, DATASOURCE).isReady()).isTrue();
    }

    @Test
    void aVaultWithoutRecoveryCredentialsIsNotReadyAndNamesIJ020016() {
        Verdict v = TransactionsReadiness.recovery(new RecoverySettings("vault", true, false, false), DATASOURCE);

        assertThat(v.isReady()).isFalse();
        assertThat(v.problem()).get().asString().contains("vault has no recovery credentials").contains("IJ020016");
    }

    @Test
    void noRecoveryIsNotReady() {
        Verdict v = TransactionsReadiness.recovery(VAULT, new RecoverySettings("ds", true, true, true));

        assertThat(v.problem()).get().asString().contains("ds has no-recovery=true").doesNotContain("vault has").doesNotContain("vault is");
    }

    @Test
    void aMissingResourceIsNotReadyAndEveryProblemIsNamed() {
        Verdict v = TransactionsReadiness.recovery(new RecoverySettings("vault", false, false, false), new RecoverySettings("ds", true, true, true));

        assertThat(v.problem()).get().asString().contains("vault is not configured").contains("ds has no-recovery=true");
    }
}
