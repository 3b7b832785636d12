package io.steadfast.cart.interfaces.rest;

import io.steadfast.web.input.JsonFields;
import io.steadfast.web.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CartTest {

    private static final long MAX = 999_999_999_999_999_999L;

    private static CartResource.AddItem item(String unitAmount, String quantity) {
        return CartResource.AddItem.from(JsonFields.parse(
                "{\"sku\":\"mug\",\"unitAmount\":" + unitAmount + ",\"quantity\":" + quantity + ",\"currency\":\"EUR\"}"));
    }

    private static void refused(Runnable read, String detailStart) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().detail()).startsWith(detailStart);
        });
    }

    @Test
    void anItemIsReadExactlyOrRefusedNeverTruncatedOrWrapped() {
        CartResource.AddItem ok = item("1200", "2");
        assertThat(ok.unitAmount()).isEqualTo(1200L);
        assertThat(ok.quantity()).isEqualTo(2);
        refused(() -> item("10.5", "1"), "unitAmount: must be a whole number of minor units");
        refused(() -> item("18446744073709551617", "1"), "unitAmount: must be greater than 0 and at most 999999999999999999");
        refused(() -> item("9223372036854775807", "1"), "unitAmount: must be greater than 0 and at most");
        refused(() -> item("\"1200\"", "1"), "unitAmount: must be a JSON number");
        refused(() -> item("100", "4294967297"), "quantity: must be greater than 0 and at most 999");
        refused(() -> item("100", "1.9"), "quantity: must be a whole number");
        refused(() -> item("100", "\"2\""), "quantity: must be a JSON number");
        refused(() -> CartResource.AddItem.from(JsonFields.parse("{\"sku\":\"a\\u200bb\"}")), "sku: must not contain a zero-width character (U+200B)");
    }

    private static void limitBroken(Cart cart, Runnable add, String messageStart) {
        List<Cart.Line> before = cart.lines();
        long total = cart.total();
        assertThatThrownBy(add::run).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(messageStart);
        assertThat(cart.lines()).as("unchanged").isEqualTo(before);
        assertThat(cart.total()).isEqualTo(total);
    }

    @Test
    void aLineTotalAndTheCartTotalStayWithinWhatOnePaymentMayCarry() {
        Cart cart = new Cart();
        cart.add("tea", 450, 1, "EUR");
        limitBroken(cart, () -> cart.add("big", Long.MAX_VALUE, 999, "EUR"), "unitAmount: must be greater than 0 and at most");
        limitBroken(cart, () -> cart.add("big", MAX, 2, "EUR"), "unitAmount x quantity, the line total, would be more than 999999999999999999");
        limitBroken(cart, () -> cart.add("big", MAX / 999 + 1, 999, "EUR"), "unitAmount x quantity, the line total,");
        cart.add("big", MAX - 450, 1, "EUR");
        assertThat(cart.total()).isEqualTo(MAX);
        limitBroken(cart, () -> cart.add("pen", 1, 1, "EUR"), "the cart total would be more than 999999999999999999");
        limitBroken(cart, () -> cart.add("tea", 450, 1, "EUR"), "the cart total would be more than");
        limitBroken(cart, () -> cart.add("hat", 1, 1, "USD"), "the cart is in EUR");
    }

    @Test
    void aLineHoldsAtMost999OfItsSku() {
        Cart cart = new Cart();
        cart.add("mug", 100, 999, "EUR");
        limitBroken(cart, () -> cart.add("mug", 100, 1, "EUR"), "quantity: the line for this SKU would hold 1000; a line holds at most 999");
        cart.checkAdd("cup", 100, 999, "EUR");
        assertThat(cart.lines()).hasSize(1);
    }
}
