package io.steadfast.web.input;

import io.steadfast.web.problem.Problem;
import io.steadfast.web.problem.ProblemException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFieldsTest {

    private static final long MAX = 999_999_999_999_999_999L;

    private static JsonFields body(String json) {
        return JsonFields.parse(json);
    }

    private static Long amount(String literal) {
        return body("{\"amount\":" + literal + "}").amount("amount", MAX);
    }

    static Problem problem(ThrowableAssert.ThrowingCallable call) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                thrown[0] = t;
                throw t;
            }
        }).isInstanceOf(ProblemException.class);
        return ((ProblemException) thrown[0]).problem();
    }

    private static void badRequest(ThrowableAssert.ThrowingCallable call, String detailStart) {
        Problem p = problem(call);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.type()).isEqualTo("urn:steadfast:problem:invalid-request");
        assertThat(p.detail()).startsWith(detailStart);
    }

    @Test
    void anAmountIsAnExactWholeNumberInAnyJsonSpelling() {
        assertThat(amount("1")).isEqualTo(1L);
        assertThat(amount("4999")).isEqualTo(4999L);
        assertThat(amount("100.0")).isEqualTo(100L);
        assertThat(amount("1E2")).isEqualTo(100L);
        assertThat(amount("1.5e1")).isEqualTo(15L);
        assertThat(amount("999999999999999999")).isEqualTo(MAX);
        assertThat(amount("null")).isNull();
        assertThat(body("{}").amount("amount", MAX)).isNull();
    }

    @Test
    void anAmountThatIsNotExactlyAWholeNumberInRangeIsRefusedWithoutOverflow() {
        badRequest(() -> amount("1E+2147483647"), "amount: must be greater than 0 and at most 999999999999999999");
        badRequest(() -> amount("-1E+2147483647"), "amount: must be greater than 0");
        badRequest(() -> amount("1E-2147483647"), "amount: must be a whole number of minor units; a fraction is refused");
        badRequest(() -> amount("9E+2147483647"), "amount: must be greater than 0 and at most");
        badRequest(() -> amount("1000000000000000000"), "amount: must be greater than 0 and at most");
        badRequest(() -> amount("18446744073709551617"), "amount: must be greater than 0 and at most");
        badRequest(() -> amount("9223372036854775808"), "amount: must be greater than 0 and at most");
        badRequest(() -> amount("10.5"), "amount: must be a whole number of minor units; a fraction is refused, never rounded");
        badRequest(() -> amount("0.5"), "amount: must be a whole number");
        badRequest(() -> amount("0"), "amount: must be greater than 0");
        badRequest(() -> amount("-0"), "amount: must be greater than 0");
        badRequest(() -> amount("-5"), "amount: must be greater than 0");
        badRequest(() -> amount("1" + "0".repeat(5000)), "The body holds a number too long to read");
        badRequest(() -> amount("1." + "0".repeat(5000) + "1"), "The body holds a number too long to read");
        badRequest(() -> amount("1." + "0".repeat(1000) + "1"), "amount: must be a whole number");
        assertThat(amount("7." + "0".repeat(1000))).isEqualTo(7L);
    }

    @Test
    void aValueOfTheWrongJsonTypeIsRefusedNeverCoerced() {
        badRequest(() -> amount("\"1000\""), "amount: must be a JSON number (a whole number of minor units), not a string");
        badRequest(() -> amount("true"), "amount: must be a JSON number (a whole number of minor units), not true");
        badRequest(() -> amount("[1000]"), "amount: must be a JSON number (a whole number of minor units), not an array");
        badRequest(() -> amount("{}"), "amount: must be a JSON number (a whole number of minor units), not an object");
        badRequest(() -> body("{\"orderId\":42}").string("orderId"), "orderId: must be a JSON string, not a number");
        badRequest(() -> body("{\"orderId\":false}").string("orderId"), "orderId: must be a JSON string, not false");
        badRequest(() -> body("{\"card\":\"4242\"}").object("card"), "card: must be a JSON object, not a string");
        badRequest(() -> body("{\"card\":{\"number\":4242424242424242}}").object("card").string("number"),
                "card.number: must be a JSON string, not a number");
        badRequest(() -> body("{\"q\":1.9}").integer("q", 1, 999, ""), "q: must be a whole number; a fraction is refused");
        badRequest(() -> body("{\"q\":4294967297}").integer("q", 1, 999, ""), "q: must be greater than 0 and at most 999");
    }

    @Test
    void aBooleanIsOnlyJsonTrueOrFalse() {
        assertThat(body("{}").bool("capture", true)).isTrue();
        assertThat(body("{\"capture\":true}").bool("capture", true)).isTrue();
        assertThat(body("{\"capture\":false}").bool("capture", true)).isFalse();
        for (String v : new String[] {"1", "0", "\"yes\"", "\"false\"", "\"true\"", "null", "[]", "{}"}) {
            badRequest(() -> body("{\"capture\":" + v + "}").bool("capture", true), "capture: must be JSON true or false (or left out for true), not ");
        }
    }

    @Test
    void stringsPassTheTextRule() {
        assertThat(body("{\"orderId\":\"order-1\"}").string("orderId")).isEqualTo("order-1");
        badRequest(() -> body("{\"orderId\":\"a\\r\\nSet-Cookie: x=1\"}").string("orderId"), "orderId: must not contain a control character (U+000D)");
        badRequest(() -> body("{\"orderId\":\"\\ud800\"}").string("orderId"), "orderId: must not contain a lone surrogate (U+D800)");
        badRequest(() -> body("{\"card\":{\"number\":\"4242\\u200b4242\"}}").object("card").string("number"),
                "card.number: must not contain a zero-width character (U+200B)");
    }

    @Test
    void malformedBodiesAreMalformedJson() {
        for (String bad : new String[] {"{\"amount\":", "{amount:1}", "{\"a\":1} x", "{\"amount\":1,\"amount\":2}", "NaN"}) {
            Problem p = problem(() -> body(bad));
            assertThat(p.status()).as(bad).isEqualTo(400);
            assertThat(p.type()).as(bad).isEqualTo("urn:steadfast:problem:malformed-json");
        }
        Problem notUtf8 = problem(() -> JsonFields.parse(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}));
        assertThat(notUtf8.type()).isEqualTo("urn:steadfast:problem:malformed-json");
        badRequest(() -> body("[1]"), "The body must be a JSON object, not an array");
        badRequest(() -> body("\"x\""), "The body must be a JSON object, not a string");
        assertThat(JsonFields.parse("  ")).isNull();
        assertThat(JsonFields.parse(new byte[0])).isNull();
        assertThat(JsonFields.parse("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8)).string("a")).isEqualTo("é");
    }
}
