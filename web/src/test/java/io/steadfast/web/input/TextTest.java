package io.steadfast.web.input;

import io.steadfast.web.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTest {

    private static void refused(String value, String codePoint, String kind) {
        assertThatThrownBy(() -> Text.require("orderId", value)).as(codePoint)
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).startsWith("orderId: must not contain a " + kind + " (" + codePoint + ")")
                            .doesNotContain(value);
                    assertThat(e.problem().detail().chars().allMatch(c -> c >= 0x20 && c <= 0x7E)).as("printable ASCII detail").isTrue();
                });
    }

    @Test
    void refusesEveryKindOfCharacterThatChangesHowTextIsShownOrSplit() {
        refused("a\r\nSet-Cookie: x=1", "U+000D", "control character");
        refused("a\nb", "U+000A", "control character");
        refused("a\tb", "U+0009", "control character");
        refused("\u0000", "U+0000", "control character");
        refused("x\u001F", "U+001F", "control character");
        refused("x\u007F", "U+007F", "control character");
        refused("x\u0085", "U+0085", "control character");
        refused("x\u009F", "U+009F", "control character");
        refused("order-\u202Efdp.exe", "U+202E", "bidirectional control character");
        refused("x\u202A", "U+202A", "bidirectional control character");
        refused("x\u2066y", "U+2066", "bidirectional control character");
        refused("x\u2069", "U+2069", "bidirectional control character");
        refused("x\u200F", "U+200F", "bidirectional control character");
        refused("or\u200Bder", "U+200B", "zero-width character");
        refused("x\u200D", "U+200D", "zero-width character");
        refused("x\u2060", "U+2060", "zero-width character");
        refused("\uFEFFx", "U+FEFF", "zero-width character");
        refused("x\u2028y", "U+2028", "line or paragraph separator");
        refused("x\uD800", "U+D800", "lone surrogate");
        refused("\uDC00x", "U+DC00", "lone surrogate");
        refused("x\uDBFF\uDBFFy", "U+DBFF", "lone surrogate");
    }

    @Test
    void saysWhereTheFirstBadCharacterIsCountingCodePoints() {
        assertThat(Text.problem("\uD83D\uDE00a\u202E")).isEqualTo("a bidirectional control character (U+202E) at character 3");
    }

    @Test
    void allowsPrintableTextInAnyScript() {
        for (String ok : new String[] {"order-1001", "Café Müller", "注文-42", "emoji \uD83D\uDE00 ok", "a b", "", "<tag> & 'quote'"}) {
            assertThat(Text.require("orderId", ok)).as(ok).isSameAs(ok);
        }
        assertThat(Text.require("orderId", null)).isNull();
    }

    @Test
    void escapeLeavesOnlyPrintableAscii() {
        assertThat(Text.escape("a\r\nb")).isEqualTo("a\\u000D\\u000Ab");
        assertThat(Text.escape("x\u202Ey")).isEqualTo("x\\u202Ey");
        assertThat(Text.escape("\uD800")).isEqualTo("\\uD800");
        assertThat(Text.escape("plain")).isEqualTo("plain");
        assertThat(Text.quote("mug")).isEqualTo("'mug'");
        assertThat(Text.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(64) + "'...");
        assertThat(Text.quote("x".repeat(63) + "\uD83D\uDE00")).as("a pair is never cut in half").isEqualTo("'" + "x".repeat(63) + "'...");
    }

    @Test
    void headersMustBePrintableAscii() {
        Text.requireHeader("Idempotency-Key", "order-1001-attempt-1 ~!");
        Text.requireHeader("Idempotency-Key", null);
        for (String bad : new String[] {"a\tb", "caf\u00E9", "k\u202E", "k\u007F"}) {
            assertThatThrownBy(() -> Text.requireHeader("Idempotency-Key", bad)).as(bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().detail())
                            .startsWith("The Idempotency-Key header must be printable ASCII; it has U+").doesNotContain(bad));
        }
    }
}
