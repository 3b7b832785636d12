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

    /** Adds a line, or more of a SKU already there (at the price given now). */
    public synchronized void add(String sku, long unitAmount, int quantity, String lineCurrency) {
        if (currency != null && !currency.equals(lineCurrency)) {
            throw new IllegalArgumentException("the cart is in " + currency + "; an item in " + lineCurrency + " cannot join it");
        }
        currency = lineCurrency;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).sku().equals(sku)) {
                lines.set(i, new Line(sku, unitAmount, Math.addExact(lines.get(i).quantity(), quantity)));
                return;
            }
        }
        lines.add(new Line(sku, unitAmount, quantity));
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
