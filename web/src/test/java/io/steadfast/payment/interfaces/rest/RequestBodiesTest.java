package io.steadfast.payment.interfaces.rest;

import io.steadfast.web.input.JsonFields;
import io.steadfast.web.input.StrictBodyReader;
import io.steadfast.web.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payment bodies as the strict reader reads them: create, capture and refund. */
class RequestBodiesTest {

    private static CreatePaymentRequest create(String fields) {
        return StrictBodyReader.read(CreatePaymentRequest.class,
                JsonFields.parse("{\"orderId\":\"o-1\",\"currency\":\"EUR\",\"method\":\"card\"," + fields + "}"));
    }

    private static void refused(Runnable read, String detailStart) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().detail()).startsWith(detailStart);
        });
    }

    @Test
    void aPaymentBodyIsReadExactly() {
        CreatePaymentRequest r = create("\"amount\":4999,\"card\":{\"number\":\"4242 4242 4242 4242\"},\"unknown\":[1]");
        assertThat(r.amount()).isEqualTo(4999L);
        assertThat(r.capture()).isTrue();
        assertThat(r.card().number()).isEqualTo("4242 4242 4242 4242");
        assertThat(create("\"amount\":1,\"capture\":false").capture()).isFalse();
        assertThat(StrictBodyReader.read(CreatePaymentRequest.class, JsonFields.parse(""))).isNull();
    }

    @Test
    void whatYassonCoercedIsRefused() {
        refused(() -> create("\"amount\":1E+2147483647"), "amount: must be greater than 0 and at most 999999999999999999");
        refused(() -> create("\"amount\":\"1000\""), "amount: must be a JSON number");
        refused(() -> create("\"amount\":10.5"), "amount: must be a whole number of minor units");
        for (String capture : new String[] {"1", "0", "\"yes\"", "\"false\"", "null"}) {
            refused(() -> create("\"amount\":100,\"capture\":" + capture), "capture: must be JSON true or false");
        }
        refused(() -> create("\"amount\":100,\"card\":{\"number\":4242424242424242}"), "card.number: must be a JSON string, not a number");
        refused(() -> StrictBodyReader.read(CreatePaymentRequest.class, JsonFields.parse("{\"orderId\":\"a\\r\\nSet-Cookie: x=1\",\"amount\":1}")),
                "orderId: must not contain a control character (U+000D)");
        refused(() -> create("\"amount\":100,\"method\":\"wallet\""), "The request body is not valid JSON (or names a field twice)");
    }

    @Test
    void captureAndRefundAmountsAreReadExactly() {
        assertThat(PaymentResource.AmountRequest.from(JsonFields.parse("{\"amount\":600}")).amount()).isEqualTo(600L);
        assertThat(PaymentResource.AmountRequest.from(JsonFields.parse("{}")).amount()).as("capture all").isNull();
        refused(() -> PaymentResource.AmountRequest.from(JsonFields.parse("{\"amount\":1E+2147483647}")), "amount: must be greater than 0 and at most");
        refused(() -> PaymentResource.AmountRequest.from(JsonFields.parse("{\"amount\":null}")), "amount: must be a whole number of minor units, not null");
        refused(() -> PaymentResource.AmountRequest.from(JsonFields.parse("{\"amount\":\"600\"}")), "amount: must be a JSON number");
    }

    @Test
    void anUnknownMethodIsEchoedOnlyEscaped() {
        refused(() -> PaymentRequests.method("cash"), "method: unknown payment method 'cash'; use one of card, bank_transfer, wallet");
        assertThatThrownBy(() -> PaymentRequests.method("ca\r\nsh\u202E"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().detail())
                        .contains("'ca\\u000D\\u000Ash\\u202E'").doesNotContain("\r").doesNotContain("\u202E"));
    }

    @Test
    void theIdempotencyKeyIsPrintableAscii() {
        PaymentRequests.requireIdempotencyKey("order-1001-attempt-1");
        refused(() -> PaymentRequests.requireIdempotencyKey("k\u202E1"), "The Idempotency-Key header must be printable ASCII; it has U+202E at character 2");
        refused(() -> PaymentRequests.requireIdempotencyKey("k\t1"), "The Idempotency-Key header must be printable ASCII; it has U+0009");
    }
}
