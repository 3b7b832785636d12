package io.steadfast.payment.application;

import java.time.Instant;

/**
 * A page request for {@link PaymentService#list}: optional filters, a page size, and the cursor
 * returned with the previous page (null for the first).
 *
 * @param orderId     only payments for this order
 * @param status      only payments in this state
 * @param createdFrom only payments created at or after this instant
 * @param createdTo   only payments created before this instant
 * @param limit       page size, 1 to {@link #MAX_LIMIT}
 * @param after       the position after which the page starts: the last payment of the previous page
 */
public record PaymentQuery(String orderId, String status, Instant createdFrom, Instant createdTo, int limit, Position after) {

    public static final int MAX_LIMIT = 100;

    /** A position in the newest-first order: creation time, then id. */
    public record Position(Instant createdAt, String id) {
    }
}
