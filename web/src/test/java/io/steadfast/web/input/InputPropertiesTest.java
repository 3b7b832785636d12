package io.steadfast.web.input;

import io.steadfast.cart.interfaces.rest.Cart;
import io.steadfast.payment.domain.Money;
import io.steadfast.payment.interfaces.rest.CreatePaymentRequest;
import io.steadfast.web.problem.ProblemException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Properties of the request parsers and of the cart's money arithmetic, over random inputs.
 * {@code -Dseed=} replays a run; the seed is printed at the start. {@code -Dtries=} sets the
 * number of random cases per property (2000 by default).
 */
class InputPropertiesTest {

    private static final long SEED = Long.getLong("seed", System.nanoTime());
    private static final int TRIES = Integer.getInteger("tries", 2000);
    private static final long MAX = Money.MAX_AMOUNT_MINOR;
    private static final BigInteger BIG_MAX = BigInteger.valueOf(MAX);

    /** Each property gets its own stream, so one property's draws do not shift another's. */
    private static SplittableRandom random(String property) {
        return new SplittableRandom(SEED ^ property.hashCode());
    }

    @BeforeAll
    static void printSeed() {
        System.out.println("InputPropertiesTest seed=" + SEED + " tries=" + TRIES + " (replay with -Dseed=" + SEED + ")");
    }

    private static CreatePaymentRequest payment(String amountLiteral) {
        return StrictBodyReader.read(CreatePaymentRequest.class,
                JsonFields.parse("{\"orderId\":\"o-1\",\"amount\":" + amountLiteral + ",\"currency\":\"EUR\",\"method\":\"wallet\"}"));
    }

    private static ProblemException refusal(Runnable call, String input) {
        try {
            call.run();
        } catch (ProblemException e) {
            assertThat(e.problem().status()).as(input).isEqualTo(400);
            assertThat(e.problem().detail()).as(input).isNotBlank();
            return e;
        } catch (RuntimeException e) {
            fail("not a 400 problem for " + input + " (seed " + SEED + "): " + e);
        }
        return fail("accepted " + input + " (seed " + SEED + ")");
    }

    /** A value in [1, MAX], often at or near the edges. */
    private static long amountIn(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> 1 + r.nextInt(3);
            case 1 -> MAX - r.nextInt(3);
            case 2 -> 1 + r.nextLong(1000);
            case 3 -> BigInteger.TEN.pow(r.nextInt(18)).longValueExact(); // 10^18 is one more than MAX
            default -> 1 + r.nextLong(MAX);
        };
    }

    /** Some exact JSON spelling of {@code v}: plain, with zeros after a point, or with an exponent. */
    private static String spelling(long v, SplittableRandom r) {
        BigDecimal d = BigDecimal.valueOf(v);
        return switch (r.nextInt(4)) {
            case 0 -> Long.toString(v);
            case 1 -> v + "." + "0".repeat(1 + r.nextInt(20));
            case 2 -> d.stripTrailingZeros().toString(); // 1.234E+5 for 123400
            default -> {
                int shift = 1 + r.nextInt(30);
                yield d.movePointLeft(shift).toPlainString() + (r.nextBoolean() ? "E" : "e+") + shift;
            }
        };
    }

    @Test
    void everyWholeNumberFromOneToTheLimitIsReadExactlyInAnySpelling() {
        SplittableRandom r = random("exact");
        for (int i = 0; i < TRIES; i++) {
            long v = amountIn(r);
            String literal = spelling(v, r);
            assertThat(payment(literal).amount()).as(literal + " (seed " + SEED + ")").isEqualTo(v);
        }
    }

    @Test
    void everyFractionIsRefused() {
        SplittableRandom r = random("fraction");
        for (int i = 0; i < TRIES; i++) {
            int scale = 1 + r.nextInt(40);
            BigInteger unscaled = new BigInteger(1 + r.nextInt(120), new java.util.Random(r.nextLong()));
            if (unscaled.mod(BigInteger.TEN).signum() == 0) {
                unscaled = unscaled.add(BigInteger.ONE); // ends in a non-zero digit: never whole at a positive scale
            }
            String literal = new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), scale).toString();
            String input = literal;
            refusal(() -> payment(input), literal);
        }
    }

    @Test
    void everyWholeNumberOutOfRangeIsRefusedWhateverItsSize() {
        SplittableRandom r = random("range");
        for (int i = 0; i < TRIES; i++) {
            String literal = switch (r.nextInt(5)) {
                case 0 -> BIG_MAX.add(BigInteger.valueOf(1 + r.nextLong(Long.MAX_VALUE))).toString();
                case 1 -> BIG_MAX.add(new BigInteger(64 + r.nextInt(200), new java.util.Random(r.nextLong()))).add(BigInteger.ONE).toString();
                case 2 -> (r.nextBoolean() ? "-" : "") + (1 + r.nextInt(9)) + "E+" + (19 + r.nextInt(Integer.MAX_VALUE - 19));
                case 3 -> "-" + r.nextLong(Long.MAX_VALUE);
                default -> Long.toString(-r.nextLong(3));
            };
            refusal(() -> payment(literal), literal);
        }
    }

    private static final String[] OTHER_VALUES = {
        "\"1000\"", "\"\"", "\"true\"", "true", "false", "[]", "[1000]", "{}", "{\"amount\":1}", "\"1E2\"",
    };

    @Test
    void everyValueOfAnotherJsonTypeIsRefusedForEveryTypedField() {
        SplittableRandom r = random("types");
        for (int i = 0; i < TRIES; i++) {
            String other = r.nextInt(3) == 0 ? "\"" + r.nextLong() + "\"" : OTHER_VALUES[r.nextInt(OTHER_VALUES.length)];
            refusal(() -> JsonFields.parse("{\"amount\":" + other + "}").amount("amount", MAX), "amount " + other);
            if (!other.startsWith("\"")) {
                refusal(() -> JsonFields.parse("{\"orderId\":" + other + "}").string("orderId"), "orderId " + other);
            }
            String notBoolean = other.equals("true") || other.equals("false") ? "null" : other;
            refusal(() -> JsonFields.parse("{\"capture\":" + notBoolean + "}").bool("capture", true), "capture " + notBoolean);
            String number = Long.toString(r.nextLong());
            refusal(() -> JsonFields.parse("{\"capture\":" + number + "}").bool("capture", true), "capture " + number);
            refusal(() -> JsonFields.parse("{\"orderId\":" + number + "}").string("orderId"), "orderId " + number);
        }
    }

    private static final int[] FORBIDDEN = {
        0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
        0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF,
    };

    /** A code point a text field allows: ASCII, Latin-1 letters, CJK, emoji. */
    private static int allowed(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0x20 + r.nextInt(0x7F - 0x20);
            case 1 -> 0xA0 + r.nextInt(0x100 - 0xA0);
            case 2 -> 0x4E00 + r.nextInt(0x9FFF - 0x4E00);
            default -> 0x1F600 + r.nextInt(0x50);
        };
    }

    @Test
    void textWithAForbiddenCharacterIsRefusedByCodePointAndCleanTextPassesUnchanged() {
        SplittableRandom r = random("text");
        for (int i = 0; i < TRIES; i++) {
            StringBuilder clean = new StringBuilder();
            int length = r.nextInt(30);
            for (int j = 0; j < length; j++) {
                clean.appendCodePoint(allowed(r));
            }
            String ok = clean.toString();
            assertThat(Text.require("orderId", ok)).as("clean, seed " + SEED).isEqualTo(ok);

            int bad = FORBIDDEN[r.nextInt(FORBIDDEN.length)];
            int at = ok.codePointCount(0, ok.length()) == 0 ? 0 : r.nextInt(ok.codePointCount(0, ok.length()) + 1);
            int offset = ok.offsetByCodePoints(0, at);
            String dirty = ok.substring(0, offset) + (char) bad + ok.substring(offset);
            if (bad >= 0xD800 && bad <= 0xDBFF && offset < ok.length() && Character.isLowSurrogate(ok.charAt(offset))) {
                continue; // would pair up with the next character rather than stand alone
            }
            if (bad >= 0xDC00 && bad <= 0xDFFF && offset > 0 && Character.isHighSurrogate(ok.charAt(offset - 1))) {
                continue;
            }
            ProblemException e = refusal(() -> Text.require("orderId", dirty), "U+" + Integer.toHexString(bad));
            String detail = e.problem().detail();
            assertThat(detail).startsWith("orderId: must not contain a ").contains(Text.codePoint(bad)).contains("at character " + (at + 1));
            assertThat(detail.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)).as("printable ASCII: " + Text.escape(detail)).isTrue();
            if (!ok.isEmpty()) {
                assertThat(detail).doesNotContain(dirty);
            }
        }
    }

    @Test
    void escapedTextIsAlwaysPrintableAscii() {
        SplittableRandom r = random("escape");
        for (int i = 0; i < TRIES; i++) {
            char[] chars = new char[r.nextInt(80)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) r.nextInt(r.nextBoolean() ? 0x80 : 0x10000);
            }
            String s = new String(chars);
            for (String out : new String[] {Text.escape(s), Text.quote(s)}) {
                assertThat(out.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)).as("seed " + SEED + ": " + Text.escape(s)).isTrue();
            }
        }
    }

    @Test
    void cartTotalsNeverWrapAndARefusedAddChangesNothing() {
        SplittableRandom r = random("cart");
        String[] skus = {"a", "b", "c", "d"};
        for (int run = 0; run < TRIES / 10; run++) {
            Cart cart = new Cart();
            Map<String, long[]> model = new LinkedHashMap<>(); // sku -> {unit, quantity}
            for (int step = 0; step < 12; step++) {
                String sku = skus[r.nextInt(skus.length)];
                long unit = r.nextInt(4) == 0 ? amountIn(r) : r.nextBoolean() ? 1 + r.nextLong(MAX / 500) : 1 + r.nextLong(100_000);
                int quantity = r.nextInt(4) == 0 ? 999 : 1 + r.nextInt(999);

                long[] old = model.get(sku);
                long newQuantity = quantity + (old == null ? 0 : old[1]);
                BigInteger line = BigInteger.valueOf(unit).multiply(BigInteger.valueOf(newQuantity));
                BigInteger total = line;
                for (Map.Entry<String, long[]> e : model.entrySet()) {
                    if (!e.getKey().equals(sku)) {
                        total = total.add(BigInteger.valueOf(e.getValue()[0]).multiply(BigInteger.valueOf(e.getValue()[1])));
                    }
                }
                // A SKU keeps its price and a line its quantity limit (409, Cart.Conflict); the
                // line's and the cart's totals stay within what one payment may carry (400).
                boolean conflict = old != null && (old[0] != unit || newQuantity > Cart.MAX_QUANTITY);
                boolean fits = line.compareTo(BIG_MAX) <= 0 && total.compareTo(BIG_MAX) <= 0;

                List<Cart.Line> before = cart.lines();
                long totalBefore = cart.total();
                String input = "add " + sku + " " + unit + " x " + quantity + " (seed " + SEED + ")";
                String key = "k-" + run + "-" + step;
                if (!conflict && fits) {
                    assertThat(cart.addOnce(key, input, sku, unit, quantity, "EUR")).as(input).isTrue();
                    model.put(sku, new long[] {unit, newQuantity});
                } else {
                    assertThatThrownBy(() -> cart.addOnce(key, input, sku, unit, quantity, "EUR")).as(input)
                            .isInstanceOf(conflict ? Cart.Conflict.class : IllegalArgumentException.class);
                    assertThat(cart.lines()).as(input).isEqualTo(before);
                    assertThat(cart.total()).as(input).isEqualTo(totalBefore);
                }
                BigInteger expected = BigInteger.ZERO;
                for (long[] v : model.values()) {
                    expected = expected.add(BigInteger.valueOf(v[0]).multiply(BigInteger.valueOf(v[1])));
                }
                assertThat(BigInteger.valueOf(cart.total())).as(input).isEqualTo(expected);
                assertThat(cart.total()).as(input).isBetween(0L, MAX);
                List<String> lines = new ArrayList<>();
                cart.lines().forEach(l -> lines.add(l.sku() + "=" + l.unitAmount() + "x" + l.quantity()));
                List<String> modelLines = new ArrayList<>();
                model.forEach((k, v) -> modelLines.add(k + "=" + v[0] + "x" + v[1]));
                assertThat(lines).as(input).containsExactlyElementsOf(modelLines);
            }
        }
    }
}
