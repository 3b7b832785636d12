package io.steadfast.cart.interfaces.rest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The cart kept in the HTTP session. Everything in it is Serializable, so a replicated session
 * cache can carry it to another node. Amounts are minor units of one currency.
 */
public final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One line: a SKU, its unit price, how many. */
    public record Line(String sku, long unitAmount, int quantity) implements Serializable {
        long total() {
            return Math.multiplyExact(unitAmount, (long) quantity);
        }
    }

    /** The most of one SKU a line holds. */
    public static final int MAX_QUANTITY = 999;

    private final List<Line> lines = new ArrayList<>();
    /** The idempotency key of the checkout running now, if any. */
    private transient String checkoutKey;
    private String currency;
    /** Idempotency keys of the adds already applied, with a hash of their request (the last 100). */
    private final java.util.LinkedHashMap<String, String> appliedKeys = new java.util.LinkedHashMap<>();

    /**
     * Applies an add once per idempotency key: true when this call added, false on a retry of the
     * same request (nothing changes). Checking the key, adding and recording the key happen under
     * one lock, so concurrent copies of one add add once, and a retry never answers before the
     * add it repeats is in the cart. A refused add records nothing, so its retry is refused again.
     *
     * @throws IllegalStateException    when the key was used for a different add
     * @throws IllegalArgumentException when the item's currency is not the cart's
     * @throws Conflict                 when the SKU is in the cart at another price, or the line would exceed the quantity limit
     * @throws ArithmeticException      when the cart's total would overflow
     */
    public synchronized boolean addOnce(String key, String requestHash, String sku, long unitAmount, int quantity, String lineCurrency) {
        String earlier = appliedKeys.get(key);
        if (earlier != null) {
            if (!earlier.equals(requestHash)) {
                throw new IllegalStateException("this Idempotency-Key was already used for a different item");
            }
            return false;
        }
        add(sku, unitAmount, quantity, lineCurrency);
        appliedKeys.put(key, requestHash);
        if (appliedKeys.size() > 100) {
            appliedKeys.remove(appliedKeys.keySet().iterator().next());
        }
        return true;
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    public synchronized String currency() {
        return currency;
    }

    public synchronized long total() {
        long t = 0;
        for (Line l : lines) {
            t = Math.addExact(t, l.total());
        }
        return t;
    }

    /**
     * Adds a line, or more of a SKU already there at the same price. A SKU is one line at one
     * price: re-adding it at another price is refused rather than repricing what is already in the
     * cart, and a line never holds more than {@link #MAX_QUANTITY}. Nothing changes when refused.
     */
    synchronized void add(String sku, long unitAmount, int quantity, String lineCurrency) {
        if (currency != null && !currency.equals(lineCurrency)) {
            throw new IllegalArgumentException("the cart is in " + currency + "; an item in " + lineCurrency + " cannot join it");
        }
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).sku().equals(sku)) {
                at = i;
            }
        }
        Line line;
        if (at < 0) {
            line = new Line(sku, unitAmount, quantity);
        } else {
            Line there = lines.get(at);
            if (there.unitAmount() != unitAmount) {
                throw new Conflict("price-mismatch", "Price mismatch", "The cart holds SKU " + quoted(sku) + " at a unit amount of "
                        + there.unitAmount() + "; it cannot be added at " + unitAmount
                        + ". Remove it first to change its price, or add it at " + there.unitAmount() + ".");
            }
            long wanted = (long) there.quantity() + quantity;
            if (wanted > MAX_QUANTITY) {
                throw new Conflict("quantity-limit", "Quantity limit", "The cart holds " + there.quantity() + " of SKU " + quoted(sku)
                        + "; adding " + quantity + " would make " + wanted + ", more than the limit of " + MAX_QUANTITY + " per line.");
            }
            line = new Line(sku, unitAmount, (int) wanted);
        }
        // The total with the new line must be representable before anything changes.
        long others = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (i != at) {
                others = Math.addExact(others, lines.get(i).total());
            }
        }
        Math.addExact(others, line.total());
        currency = lineCurrency;
        if (at < 0) {
            lines.add(line);
        } else {
            lines.set(at, line);
        }
    }

    /** A SKU for a problem's detail: quoted, anything outside the SKU alphabet shown as '?'. */
    private static String quoted(String sku) {
        return "'" + sku.replaceAll("[^A-Za-z0-9._-]", "?") + "'";
    }

    /**
     * Marks a checkout of this cart as running: null when it may start, otherwise the key of the
     * checkout already running. Not serialised: a session restored elsewhere has none running.
     */
    public synchronized String beginCheckout(String key) {
        if (checkoutKey != null) {
            return checkoutKey;
        }
        checkoutKey = key;
        return null;
    }

    public synchronized void endCheckout(String key) {
        if (key.equals(checkoutKey)) {
            checkoutKey = null;
        }
    }

    /** A change the cart's state does not allow (an HTTP 409); {@code slug} names the problem type. */
    public static final class Conflict extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final String slug;
        private final String title;

        Conflict(String slug, String title, String detail) {
            super(detail);
            this.slug = slug;
            this.title = title;
        }

        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }
    }

    public synchronized boolean remove(String sku) {
        boolean removed = lines.removeIf(l -> l.sku().equals(sku));
        if (lines.isEmpty()) {
            currency = null;
        }
        return removed;
    }

    public synchronized void clear() {
        lines.clear();
        currency = null;
    }
}
