package io.steadfast.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * The janitor's bookkeeping for one card payment whose outcome it is settling: how often it asked
 * the acquirer, when, and when it may ask next. A side table rather than columns of the payment:
 * the payment row is sealed (every field is in its integrity codes), and this is scheduling, not
 * money. What the janitor decides always comes from the sealed payment row and the acquirer's
 * answer, never from here; a row changed behind its back can only make it ask sooner or later.
 * Written under the payment row's lock.
 */
@Entity
@Table(name = "payment_settlement")
public class PaymentSettlement {

    @Id
    @Column(name = "payment_id", length = 36)
    private String paymentId;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "last_attempt_at", nullable = false)
    private Instant lastAttemptAt;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    protected PaymentSettlement() {
    }

    /**
     * The first question to the acquirer, at {@code at}; the next may come at {@code next}. Made
     * whole before it is persisted: Hibernate inserts the state an entity had when it was persisted.
     */
    public PaymentSettlement(String paymentId, Instant at, Instant next) {
        this.paymentId = Objects.requireNonNull(paymentId);
        this.attempts = 1;
        this.lastAttemptAt = Objects.requireNonNull(at);
        this.nextAttemptAt = Objects.requireNonNull(next);
    }

    /** Records one more question to the acquirer, at {@code at}; the next may come at {@code next}. */
    public void attempted(Instant at, Instant next) {
        attempts++;
        lastAttemptAt = Objects.requireNonNull(at);
        nextAttemptAt = Objects.requireNonNull(next);
    }

    /** Whether the next attempt is due at {@code now}. */
    public boolean dueAt(Instant now) {
        return !nextAttemptAt.isAfter(now);
    }

    public String getPaymentId() {
        return paymentId;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getLastAttemptAt() {
        return lastAttemptAt;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }
}
