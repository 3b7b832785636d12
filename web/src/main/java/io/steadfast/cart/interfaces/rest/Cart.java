package io.steadfast.cart.interfaces.rest;

import io.steadfast.payment.domain.Money;
import io.steadfast.web.input.Text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The cart kept in the HTTP session. Everything in it is Serializable, so a replicated session
 * cache can carry it to another node. Amounts are minor units of one currency.
 *
 * <p>Limits: a line holds at most {@link #MAX_QUANTITY} of its SKU, and a line's total and the
 * cart's total are each at most {@link Money#MAX_AMOUNT_MINOR}, the most one payment may carry, so
 * that checkout can always charge exactly the total shown. An add that would break a limit is
 * refused whole and changes nothing; no sum or product is ever computed where it could wrap.
 */
public final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One line: a SKU, its unit price, how many. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "CartLine",
            description = "One line: a SKU, its unit amount in minor units, how many.",
            requiredProperties = {"sku", "unitAmount", "quantity"})
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
    /** Counts the changes, so that the newer of two copies of one cart can be told (CartStore). */
    private long version;
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
     * @throws IllegalArgumentException when a value or the line's or cart's total is outside its limit
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
     * {@code unitAmount × quantity} when it is within {@link Money#MAX_AMOUNT_MINOR}, or -1. Compared
     * by division, so no product is formed that could overflow.
     */
    static long lineTotal(long unitAmount, long quantity) {
        if (unitAmount < 0 || quantity < 0) {
            return -1;
        }
        if (quantity != 0 && unitAmount > Money.MAX_AMOUNT_MINOR / quantity) {
            return -1;
        }
        return unitAmount * quantity;
    }

    private static String overLimit(String what) {
        return what + " would be more than " + Money.MAX_AMOUNT_MINOR + ", the most one payment may carry";
    }

    /**
     * Adds a line, or more of a SKU already there at the same price. A SKU is one line at one
     * price: re-adding it at another price is refused rather than repricing what is already in the
     * cart, and a line never holds more than {@link #MAX_QUANTITY}. Nothing changes when refused:
     * a {@link Conflict} for a state rule (409), an {@link IllegalArgumentException} for a value
     * or a limit (400; see the class comment).
     */
    synchronized void add(String sku, long unitAmount, int quantity, String lineCurrency) {
        if (currency != null && !currency.equals(lineCurrency)) {
            throw new IllegalArgumentException("the cart is in " + currency + "; an item in " + lineCurrency + " cannot join it");
        }
        if (unitAmount < 1 || unitAmount > Money.MAX_AMOUNT_MINOR) {
            throw new IllegalArgumentException("unitAmount: must be greater than 0 and at most " + Money.MAX_AMOUNT_MINOR);
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity: must be from 1 to " + MAX_QUANTITY);
        }
        int at = -1;
        long others = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.sku().equals(sku)) {
                at = i;
            } else {
                long t = lineTotal(l.unitAmount(), l.quantity());
                if (t < 0 || others > Money.MAX_AMOUNT_MINOR - t) {
                    throw new IllegalArgumentException(overLimit("the cart total"));
                }
                others += t;
            }
        }
        Line line;
        if (at < 0) {
            line = new Line(sku, unitAmount, quantity);
        } else {
            Line there = lines.get(at);
            if (there.unitAmount() != unitAmount) {
                throw new Conflict("price-mismatch", "Price mismatch", "The cart holds SKU " + Text.quote(sku) + " at a unit amount of "
                        + there.unitAmount() + "; it cannot be added at " + unitAmount
                        + ". Remove it first to change its price, or add it at " + there.unitAmount() + ".");
            }
            long wanted = (long) there.quantity() + quantity;
            if (wanted > MAX_QUANTITY) {
                throw new Conflict("quantity-limit", "Quantity limit", "The cart holds " + there.quantity() + " of SKU " + Text.quote(sku)
                        + "; adding " + quantity + " would make " + wanted + ", more than the limit of " + MAX_QUANTITY + " per line.");
            }
            line = new Line(sku, unitAmount, (int) wanted);
        }
        long total = lineTotal(line.unitAmount(), line.quantity());
        if (total < 0) {
            throw new IllegalArgumentException(overLimit("unitAmount x quantity, the line total,"));
        }
        if (others > Money.MAX_AMOUNT_MINOR - total) {
            throw new IllegalArgumentException(overLimit("the cart total"));
        }
        currency = lineCurrency;
        if (at < 0) {
            lines.add(line);
        } else {
            lines.set(at, line);
        }
        version++;
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
        if (removed) {
            version++;
        }
        return removed;
    }

    public synchronized void clear() {
        lines.clear();
        currency = null;
        version++;
    }

    public synchronized long version() {
        return version;
    }

    /** This cart, serialised, behind its version (8 bytes, big-endian); taken under the cart's lock. */
    public synchronized byte[] snapshot() {
        try (var bytes = new java.io.ByteArrayOutputStream(); var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(this);
            out.flush();
            return java.nio.ByteBuffer.allocate(Long.BYTES + bytes.size()).putLong(version).put(bytes.toByteArray()).array();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot serialise a cart", e);
        }
    }

    /** The version of a {@link #snapshot}. */
    public static long versionOf(byte[] snapshot) {
        return java.nio.ByteBuffer.wrap(snapshot, 0, Long.BYTES).getLong();
    }

    /** The cart a {@link #snapshot} holds. */
    public static Cart fromSnapshot(byte[] snapshot) {
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(snapshot, Long.BYTES, snapshot.length - Long.BYTES))) {
            in.setObjectInputFilter(java.io.ObjectInputFilter.Config.createFilter(
                    "io.steadfast.cart.interfaces.rest.*;java.util.*;java.lang.*;maxdepth=10;maxrefs=10000;!*"));
            return (Cart) in.readObject();
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a stored cart: " + e.getMessage(), e);
        }
    }
}
