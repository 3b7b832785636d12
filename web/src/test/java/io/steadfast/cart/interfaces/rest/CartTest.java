package io.steadfast.cart.interfaces.rest;

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
        cart.add("a", Long.MAX_VALUE / 2, 1, "EUR");
        assertThatThrownBy(() -> cart.add("b", Long.MAX_VALUE / 2, 2, "EUR")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> cart.add("a", Long.MAX_VALUE / 2, 3, "EUR")).isInstanceOf(ArithmeticException.class);
        assertThat(cart.lines()).containsExactly(new Cart.Line("a", Long.MAX_VALUE / 2, 1));
        assertThat(cart.total()).isEqualTo(Long.MAX_VALUE / 2);
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
