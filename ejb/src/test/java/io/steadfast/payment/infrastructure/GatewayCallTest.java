package io.steadfast.payment.infrastructure;

import io.steadfast.payment.domain.PaymentGateway;

import io.steadfast.testing.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that fails has not answered: the outcome is unknown, never a decline, and the failure
 * is logged with its class and message, without the card number or a key.
 */
class GatewayCallTest {

    private static final String PAN = "4242424242424242";
    private static final String API_KEY = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZYXW";

    private final LogLines log = LogLines.of("io.steadfast.payment.gateway");

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void aGatewayExceptionIsAnUnknownOutcomeLoggedWithItsCauseAndNoCardOrKey() {
        PaymentGateway failing = gateway((id, pan, amount, currency) -> {
            throw new IllegalStateException("POST https://acquirer.example/v1/auth?key=" + API_KEY + " for card " + new String(pan)
                    + " (4242 4242 4242 4242) failed", new java.net.ConnectException("Connection refused"));
        });

        PaymentGateway.Answer answer = GatewayCall.authorize(failing, "pay-1", PAN.toCharArray(), 1000, "EUR");

        assertThat(answer.outcome()).as("not a decline").isEqualTo(PaymentGateway.Outcome.TIMEOUT);
        assertThat(answer.reason()).isEqualTo(GatewayCall.GATEWAY_ERROR);
        assertThat(log.numbered("STEADFAST-GATEWAY-0001")).singleElement().asString()
                .contains("pay-1", "java.lang.IllegalStateException", "acquirer.example", "java.net.ConnectException", "Connection refused")
                .doesNotContain(PAN).doesNotContain("4242 4242 4242 4242").doesNotContain(API_KEY);
    }

    @Test
    void noAnswerAtAllIsUnknownToo() {
        PaymentGateway.Answer answer = GatewayCall.authorize(gateway((id, pan, amount, currency) -> null), "pay-2", PAN.toCharArray(), 1, "EUR");

        assertThat(answer.outcome()).isEqualTo(PaymentGateway.Outcome.TIMEOUT);
        assertThat(log.numbered("STEADFAST-GATEWAY-0001")).singleElement().asString().contains("pay-2", "no outcome");
    }

    @Test
    void anAnswerPassesThroughUnloggedEvenADecline() {
        PaymentGateway.Answer declined = new PaymentGateway.Answer(PaymentGateway.Outcome.DECLINED, "do_not_honor", null);

        assertThat(GatewayCall.authorize(gateway((id, pan, amount, currency) -> declined), "pay-3", PAN.toCharArray(), 1, "EUR")).isSameAs(declined);
        assertThat(log.all()).isEmpty();
    }

    /** The authorizing half of a gateway, for a lambda; these tests never look a payment up. */
    interface Authorizer {
        PaymentGateway.Answer authorize(String paymentId, char[] pan, long amountMinor, String currency);
    }

    private static PaymentGateway gateway(Authorizer authorizer) {
        return new PaymentGateway() {
            @Override
            public Answer authorize(String paymentId, char[] pan, long amountMinor, String currency) {
                return authorizer.authorize(paymentId, pan, amountMinor, currency);
            }

            @Override
            public Answer lookup(String paymentId) {
                throw new UnsupportedOperationException("not asked in these tests");
            }
        };
    }
}
