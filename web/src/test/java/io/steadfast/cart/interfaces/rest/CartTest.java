package io.steadfast.cart.interfaces.rest;

import io.steadfast.web.input.JsonFields;
import io.steadfast.web.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
    void aSkuAtAnotherPriceIsRefusedAndNothingIsRepriced() {
        Cart cart = new Cart();
        cart.add("mug", 1200, 2, "EUR");
        assertThatThrownBy(() -> cart.add("mug", 999, 1, "EUR"))
                .isInstanceOfSatisfying(Cart.Conflict.class, c -> assertThat(c.slug()).isEqualTo("price-mismatch"))
                .hasMessageContaining("'mug'").hasMessageContaining("1200").hasMessageContaining("999");
        cart.add("mug", 1200, 1, "EUR");
        assertThat(cart.lines()).containsExactly(new Cart.Line("mug", 1200, 3));
        assertThat(cart.total()).isEqualTo(3600);
    }

    @Test
    void aLineNeverExceedsTheQuantityLimit() {
        Cart cart = new Cart();
        cart.add("pin", 1, 999, "EUR");
        assertThatThrownBy(() -> cart.add("pin", 1, 1, "EUR"))
                .isInstanceOfSatisfying(Cart.Conflict.class, c -> assertThat(c.slug()).isEqualTo("quantity-limit"));
        assertThat(cart.lines()).containsExactly(new Cart.Line("pin", 1, 999));
    }

    @Test
    void anAddThatWouldOverflowTheTotalChangesNothing() {
        Cart cart = new Cart();
        cart.add("a", MAX / 2, 1, "EUR");
        assertThatThrownBy(() -> cart.add("b", MAX / 2, 2, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cart.add("a", MAX / 2, 3, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThat(cart.lines()).containsExactly(new Cart.Line("a", MAX / 2, 1));
        assertThat(cart.total()).isEqualTo(MAX / 2);
    }

    @Test
    void aRefusedAddDoesNotUseUpItsKey() {
        Cart cart = new Cart();
        cart.addOnce("k1", "pen|300|1|EUR", "pen", 300, 1, "EUR");
        assertThatThrownBy(() -> cart.addOnce("k2", "hat|100|1|USD", "hat", 100, 1, "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cart.addOnce("k2", "hat|100|1|USD", "hat", 100, 1, "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThat(cart.addOnce("k1", "pen|300|1|EUR", "pen", 300, 1, "EUR")).as("a retry").isFalse();
        assertThatThrownBy(() -> cart.addOnce("k1", "pen|301|1|EUR", "pen", 301, 1, "EUR")).isInstanceOf(IllegalStateException.class);
        assertThat(cart.total()).isEqualTo(300);
    }

    @Test
    void concurrentCopiesOfOneAddAddOnce() throws Exception {
        Cart cart = new Cart();
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> added = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                added.add(pool.submit(() -> {
                    go.await();
                    boolean first = cart.addOnce("k", "clip|25|3|EUR", "clip", 25, 3, "EUR");
                    assertThat(cart.total()).as("a retry answers after the add it repeats").isEqualTo(75);
                    return first;
                }));
            }
            go.countDown();
            int firsts = 0;
            for (Future<Boolean> f : added) {
                firsts += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(firsts).isEqualTo(1);
            assertThat(cart.lines()).containsExactly(new Cart.Line("clip", 25, 3));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneCheckoutAtATime() {
        Cart cart = new Cart();
        assertThat(cart.beginCheckout("a")).isNull();
        assertThat(cart.beginCheckout("b")).isEqualTo("a");
        cart.endCheckout("b");
        assertThat(cart.beginCheckout("a")).as("still running").isEqualTo("a");
        cart.endCheckout("a");
        assertThat(cart.beginCheckout("b")).isNull();
    }
}
