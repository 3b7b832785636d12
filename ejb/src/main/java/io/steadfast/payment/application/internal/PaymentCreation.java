package io.steadfast.payment.application.internal;

import io.steadfast.payment.application.IdempotencyConflictException;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.domain.IdempotencyRecord;
import io.steadfast.payment.domain.Money;
import io.steadfast.payment.domain.Payment;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Taking a new (non-card) payment inside the caller's JTA transaction: the idempotency key is
 * claimed, then the payment, its ledger movement and whatever {@code alsoStore} writes (the
 * receipt). One body for the XA payment and its one-phase baseline, so the benchmark compares
 * transactions, not two versions of the logic.
 */
final class PaymentCreation {

    static final int CREATED = 201;
    /** Idempotency keys whose transaction is open in this JVM. */
    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    /** SQL:2003 "integrity constraint violation: unique violation" (H2, PostgreSQL, Oracle's driver maps it too). */
    private static final String UNIQUE_VIOLATION = "23505";

    private PaymentCreation() {
    }

    /** Marks a key as in flight here, or answers 409 at once rather than wait on its row lock. */
    static void claim(String key) {
        if (!IN_FLIGHT.add(key)) {
            throw new IdempotencyConflictException("a request with this Idempotency-Key is already being processed");
        }
    }

    static void release(String key) {
        IN_FLIGHT.remove(key);
    }

    /** True while a request holding this key runs in this JVM (between its claim and release). */
    static boolean inFlight(String key) {
        return IN_FLIGHT.contains(key);
    }

    /**
     * Flushes the idempotency record just persisted. The one failure that means "this key is
     * taken" (by a request in flight on another node, or one that committed since we looked) is a
     * unique violation (SQLState 23505) on the record's table: that is a 409. Any other failure is
     * an error, not a conflict, and propagates as it is.
     */
    static void flushClaim(EntityManager em) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isTakenKey(e)) {
                throw new IdempotencyConflictException("a request with this Idempotency-Key is already being processed");
            }
            throw e;
        }
    }

    private static boolean isTakenKey(PersistenceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()) && sql.getMessage() != null
                    && sql.getMessage().toLowerCase(Locale.ROOT).contains(IdempotencyRecord.TABLE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Persists the idempotency record, then the payment. The key's row is written and flushed
     * first: it stays locked until the transaction ends, so a concurrent request with the same
     * key fails here (409) instead of making a second payment.
     */
    static PaymentView persistClaimed(EntityManager em, NewPayment cmd, String hash, Payment payment) {
        PaymentView view = PaymentView.of(payment);
        em.persist(new IdempotencyRecord(cmd.idempotencyKey(), hash, payment.getId(), cmd.amountMinor(), CREATED,
                PaymentServiceBean.JSON.toJson(view), payment.getCreatedAt()));
        flushClaim(em);
        em.persist(payment);
        return view;
    }

    static PaymentResult create(EntityManager em, TransactionSynchronizationRegistry transactions, NewPayment cmd,
                                Consumer<Payment> alsoStore) {
        String hash = PaymentServiceBean.requestHash(cmd);
        IdempotencyRecord earlier = em.find(IdempotencyRecord.class, cmd.idempotencyKey());
        if (earlier != null) {
            return PaymentServiceBean.replayed(em, earlier, hash);
        }
        // (Across cluster nodes the row lock below still makes one payment.)
        String key = cmd.idempotencyKey();
        claim(key);
        try {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    release(key);
                }
            });
        } catch (RuntimeException e) {
            release(key);
            throw e;
        }
        Payment payment = new Payment(UUID.randomUUID().toString(), cmd.orderId(),
                new Money(cmd.amountMinor(), cmd.currency()), cmd.method(), cmd.idempotencyKey(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), cmd.capture());
        PaymentView view = persistClaimed(em, cmd, hash, payment);
        if (payment.getCapturedMinor() > 0) {
            LedgerPostings.post(em, payment, "capture", payment.getCapturedMinor());
        }
        alsoStore.accept(payment);
        return new PaymentResult(view, true);
    }
}
