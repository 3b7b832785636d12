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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /**
     * Persists the idempotency record, then the payment. The key's row is written and flushed
     * first: it stays locked until the transaction ends, so a concurrent request with the same
     * key fails here (409) instead of making a second payment.
     */
    static PaymentView persistClaimed(EntityManager em, NewPayment cmd, String hash, Payment payment) {
        PaymentView view = PaymentView.of(payment);
        em.persist(new IdempotencyRecord(cmd.idempotencyKey(), hash, payment.getId(), cmd.amountMinor(), CREATED,
                PaymentServiceBean.JSON.toJson(view), payment.getCreatedAt()));
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw new IdempotencyConflictException("a request with this Idempotency-Key is already being processed");
        }
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
