package io.steadfast.payment.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentLifecycleTest {

    private static Payment payment(boolean capture) {
        return new Payment("p1", "o1", new Money(1000, "EUR"), PaymentMethod.CARD, "k1", Instant.EPOCH, capture);
    }

    @Test
    void theTableIsReadFromData() {
        PaymentStateMachine m = PaymentStateMachine.standard();
        assertThat(m.next("NEW", "purchase")).hasValue(PaymentStatus.CAPTURED);
        assertThat(m.next("AUTHORIZED", "void")).hasValue(PaymentStatus.VOIDED);
        assertThat(m.next("VOIDED", "capture")).isEmpty();
        assertThat(m.next("PENDING", "timeout")).hasValue(PaymentStatus.UNKNOWN);
        assertThat(m.table()).hasSize(27);
    }

    @Test
    void aCardPaymentWaitsPendingForTheGateway() {
        Payment approved = Payment.pendingCard("p2", "o", new Money(700, "EUR"), "k2", Instant.EPOCH, true, "4242424242424242", "tok_x");
        assertThat(approved.getStatus()).isEqualTo(PaymentStatus.PENDING);
        assertThat(approved.getCardMasked()).isEqualTo("424242******4242");
        assertThat(approved.approved("ref")).isEqualTo(700);
        assertThat(approved.getStatus()).isEqualTo(PaymentStatus.CAPTURED);

        Payment declined = Payment.pendingCard("p3", "o", new Money(700, "EUR"), "k3", Instant.EPOCH, true, "4000000000000002", "tok_y");
        declined.declined("do_not_honor");
        assertThat(declined.getStatus()).isEqualTo(PaymentStatus.DECLINED);
        assertThatThrownBy(() -> declined.refund(1)).hasMessageContaining("DECLINED");

        Payment unknown = Payment.pendingCard("p4", "o", new Money(700, "EUR"), "k4", Instant.EPOCH, false, "4000000000000119", "tok_z");
        unknown.outcomeUnknown();
        assertThat(unknown.getStatus()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThatThrownBy(() -> unknown.capture(null)).hasMessageContaining("UNKNOWN");
    }

    @Test
    void theJanitorSettlesUnknownPaymentsOrHandsThemToAnOperator() {
        Payment unknown = Payment.pendingCard("p5", "o", new Money(700, "EUR"), "k5", Instant.EPOCH, true, "4000000000000127", "tok_a");
        unknown.outcomeUnknown();
        assertThat(unknown.awaitsOutcome()).isTrue();
        assertThat(unknown.approved("sim-p5")).as("approved later: captured as the live answer would have").isEqualTo(700);
        assertThat(unknown.getStatus()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(unknown.awaitsOutcome()).isFalse();

        Payment authorizeOnly = Payment.pendingCard("p6", "o", new Money(700, "EUR"), "k6", Instant.EPOCH, false, "4000000000000127", "tok_a");
        authorizeOnly.outcomeUnknown();
        assertThat(authorizeOnly.approved("sim-p6")).isZero();
        assertThat(authorizeOnly.getStatus()).isEqualTo(PaymentStatus.AUTHORIZED);

        Payment neverReceived = Payment.pendingCard("p7", "o", new Money(700, "EUR"), "k7", Instant.EPOCH, true, "4242424242424242", "tok_b");
        neverReceived.declined("acquirer_never_received");
        assertThat(neverReceived.getStatus()).isEqualTo(PaymentStatus.DECLINED);

        for (boolean timedOut : new boolean[] {false, true}) {
            Payment stuck = Payment.pendingCard("p8", "o", new Money(700, "EUR"), "k8", Instant.EPOCH, true, "4000000000000119", "tok_c");
            if (timedOut) {
                stuck.outcomeUnknown();
            }
            stuck.needsOperator();
            assertThat(stuck.getStatus()).isEqualTo(PaymentStatus.NEEDS_OPERATOR);
            assertThat(stuck.awaitsOutcome()).isFalse();
            assertThatThrownBy(() -> stuck.approved("late")).as("no way out but an operator's").hasMessageContaining("NEEDS_OPERATOR");
            assertThatThrownBy(() -> stuck.declined("late")).hasMessageContaining("NEEDS_OPERATOR");
            assertThatThrownBy(stuck::needsOperator).hasMessageContaining("NEEDS_OPERATOR");
            assertThat(stuck.settledByOperator(true, "ACQ-1", null)).as("an operator's settlement").isEqualTo(700);
            assertThat(stuck.getStatus()).isEqualTo(PaymentStatus.CAPTURED);
            assertThatThrownBy(() -> stuck.settledByOperator(false, null, "x")).as("settled once").hasMessageContaining("CAPTURED");
        }
        Payment declinedByOperator = Payment.pendingCard("p9", "o", new Money(700, "EUR"), "k9", Instant.EPOCH, false, "4242424242424242", "tok_d");
        declinedByOperator.outcomeUnknown();
        assertThat(declinedByOperator.settledByOperator(false, null, "operator_settled_failed")).isZero();
        assertThat(declinedByOperator.getStatus()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(declinedByOperator.getDeclineReason()).isEqualTo("operator_settled_failed");
        PaymentStateMachine m = PaymentStateMachine.standard();
        assertThat(m.next("CAPTURED", "escalate")).as("only a payment waiting for its outcome escalates").isEmpty();
        assertThat(m.next("UNKNOWN", "timeout")).isEmpty();
    }

    @Test
    void authorizeThenPartialCaptureThenRepeatedRefunds() {
        Payment p = payment(false);
        assertThat(p.getStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(p.capture(600L)).isEqualTo(600);
        assertThat(p.getStatus()).isEqualTo(PaymentStatus.CAPTURED);
        p.refund(100);
        assertThat(p.getStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        p.refund(200);
        assertThatThrownBy(() -> p.refund(301)).isInstanceOf(IllegalTransitionException.class).hasMessageContaining("only 300");
        p.refund(300);
        assertThat(p.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(p.getRefundedMinor()).isEqualTo(600);
        assertThatThrownBy(() -> p.refund(1)).isInstanceOf(IllegalTransitionException.class).hasMessageContaining("REFUNDED");
    }

    @Test
    void illegalTransitionsNameTheCurrentState() {
        Payment purchased = payment(true);
        assertThatThrownBy(purchased::voidAuthorization).isInstanceOf(IllegalTransitionException.class)
                .hasMessage("the payment is CAPTURED; void is not allowed in that state");
        assertThatThrownBy(() -> purchased.capture(null)).hasMessageContaining("CAPTURED");
        Payment authorized = payment(false);
        assertThatThrownBy(() -> authorized.refund(1)).hasMessageContaining("AUTHORIZED");
        assertThatThrownBy(() -> authorized.capture(1001L)).hasMessageContaining("from 1 to the authorized 1000");
        authorized.voidAuthorization();
        assertThat(authorized.getStatus()).isEqualTo(PaymentStatus.VOIDED);
        assertThatThrownBy(() -> authorized.capture(null)).hasMessageContaining("VOIDED");
    }
}
