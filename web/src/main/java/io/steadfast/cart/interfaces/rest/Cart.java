package io.steadfast.cart.interfaces.rest;

import io.steadfast.payment.domain.Money;

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
 * refused whole ({@link IllegalArgumentException}) and changes nothing; no sum or product is ever
 * computed where it could wrap.
 */
public final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The most of one SKU a line may hold. */
    public static final int MAX_QUANTITY = 999;

    /** One line: a SKU, its unit price, how many. */
    public record Line(String sku, long unitAmount, int quantity) implements Serializable {
        long total() {
            return Math.multiplyExact(unitAmount, (long) quantity);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private String currency;
    /** Idempotency keys of the adds already applied, with a hash of their request (the last 100). */
    private final java.util.LinkedHashMap<String, String> appliedKeys = new java.util.LinkedHashMap<>();

    /**
     * Records an add's idempotency key: true the first time (apply it), false on a retry with the
     * same request; a different request under a used key is an {@link IllegalStateException}.
     */
    public synchronized boolean firstUse(String key, String requestHash) {
        String earlier = appliedKeys.get(key);
        if (earlier != null) {
            if (!earlier.equals(requestHash)) {
                throw new IllegalStateException("this Idempotency-Key was already used for a different item");
            }
            return false;
        }
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

    /**
     * Checks that {@link #add} with these values would keep every limit, changing nothing; an
     * {@link IllegalArgumentException} says which limit it would break.
     */
    public synchronized void checkAdd(String sku, long unitAmount, int quantity, String lineCurrency) {
        planned(sku, unitAmount, quantity, lineCurrency);
    }

    /** The line that adding would leave for {@code sku}, after checking every limit. */
    private Line planned(String sku, long unitAmount, int quantity, String lineCurrency) {
        if (currency != null && !currency.equals(lineCurrency)) {
            throw new IllegalArgumentException("the cart is in " + currency + "; an item in " + lineCurrency + " cannot join it");
        }
        if (unitAmount < 1 || unitAmount > Money.MAX_AMOUNT_MINOR) {
            throw new IllegalArgumentException("unitAmount: must be greater than 0 and at most " + Money.MAX_AMOUNT_MINOR);
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity: must be from 1 to " + MAX_QUANTITY);
        }
        long newQuantity = quantity;
        long others = 0;
        for (Line l : lines) {
            if (l.sku().equals(sku)) {
                newQuantity += l.quantity();
            } else {
                long t = lineTotal(l.unitAmount(), l.quantity());
                if (t < 0 || others > Money.MAX_AMOUNT_MINOR - t) {
                    throw new IllegalArgumentException(overLimit("the cart total"));
                }
                others += t;
            }
        }
        if (newQuantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity: the line for this SKU would hold " + newQuantity + "; a line holds at most "
                    + MAX_QUANTITY);
        }
        long total = lineTotal(unitAmount, newQuantity);
        if (total < 0) {
            throw new IllegalArgumentException(overLimit("unitAmount x quantity, the line total,"));
        }
        if (others > Money.MAX_AMOUNT_MINOR - total) {
            throw new IllegalArgumentException(overLimit("the cart total"));
        }
        return new Line(sku, unitAmount, (int) newQuantity);
    }

    private static String overLimit(String what) {
        return what + " would be more than " + Money.MAX_AMOUNT_MINOR + ", the most one payment may carry";
    }

    /**
     * Adds a line, or more of a SKU already there (at the price given now), or changes nothing and
     * throws {@link IllegalArgumentException} when that would break a limit (see the class comment).
     */
    public synchronized void add(String sku, long unitAmount, int quantity, String lineCurrency) {
        Line line = planned(sku, unitAmount, quantity, lineCurrency);
        currency = lineCurrency;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).sku().equals(sku)) {
                lines.set(i, line);
                return;
            }
        }
        lines.add(line);
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
