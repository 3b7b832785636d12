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
    /** A lock wait that ran out: PostgreSQL's {@code lock_not_available} (lock_timeout), H2's "Timeout trying to lock table". */
    private static final Set<String> LOCK_TIMEOUT = Set.of("55P03", "HYT00");
    /**
     * How long the claim waits for another transaction that holds the same key (PostgreSQL's
     * {@code lock_timeout} for the rest of the claiming transaction). That transaction is either
     * running on another node, and ends within a payment's time, or in doubt on a node that died,
     * and ends only when that node's recovery settles it: minutes, or never. The retry is then
     * told so (409) rather than held until its client gives up. H2 keeps its own lock timeout
     * (one server, so no other node's transaction can hold a key).
     */
    static final String CLAIM_WAIT = "2s";
    static final String KEY_BUSY = "a request with this Idempotency-Key is already being processed";
    static final String PAYMENT_HELD = "another request on this payment is still being processed, or awaits recovery after its "
            + "server stopped; its outcome is not known yet. Retry with the same key later";
    /** Whether the database is PostgreSQL; found at the first claim (one database per deployment). */
    private static volatile Boolean postgreSql;
    static final String KEY_HELD = "a request with this Idempotency-Key is still being processed, or awaits recovery after its "
            + "server stopped; its outcome is not known yet. Retry with the same key later: it then answers with that outcome";

    private PaymentCreation() {
    }

    /** Marks a key as in flight here, or answers 409 at once rather than wait on its row lock. */
    static void claim(String key) {
        if (!IN_FLIGHT.add(key)) {
            throw new IdempotencyConflictException(KEY_BUSY);
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
     * Flushes the idempotency record just persisted. Two failures mean "this key is taken", each
     * only on the record's table: a unique violation (SQLState 23505: a request in flight on
     * another node, or one that committed since we looked, already holds it), and a lock wait
     * that ran out on the record's insert ({@link #CLAIM_WAIT}: the transaction holding the key
     * has not ended, perhaps in doubt on a node that died). Both are a 409. Any other failure is
     * an error, not a conflict, and propagates as it is.
     */
    static void flushClaim(EntityManager em) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isOnTheKey(e, Set.of(UNIQUE_VIOLATION))) {
                throw new IdempotencyConflictException(KEY_BUSY);
            }
            if (isOnTheKey(e, LOCK_TIMEOUT)) {
                throw new IdempotencyConflictException(KEY_HELD);
            }
            throw e;
        }
    }

    /**
     * Bounds how long this transaction waits for a lock, from now on, to {@link #CLAIM_WAIT}
     * (PostgreSQL: {@code SET LOCAL lock_timeout}, undone when the transaction ends). Called
     * before the claim is flushed; what the transaction writes after it are new rows, which wait
     * for no one. Without it, a retry on another node waited on the key's row for as long as the
     * transaction that holds it stayed in doubt: until the node that died was back and recovered.
     */
    static void boundClaimWait(EntityManager em) {
        if (Boolean.FALSE.equals(postgreSql)) {
            return;
        }
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            Boolean known = postgreSql;
            if (known == null) {
                known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
                postgreSql = known;
            }
            if (known) {
                try (java.sql.Statement st = connection.createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '" + CLAIM_WAIT + "'");
                }
            }
        });
    }

    /**
     * What a failure to lock a payment's row means: a lock wait that ran out ({@link #CLAIM_WAIT})
     * is a 409 with {@code message} (the transaction holding the row has not ended, perhaps in
     * doubt on a node that died); anything else is returned as it is, to be thrown.
     */
    static RuntimeException heldOr(PersistenceException e, String message) {
        return hasState(e, LOCK_TIMEOUT) ? new IdempotencyConflictException(message) : e;
    }

    /** Whether a failure with one of {@code states} is on the idempotency record's table (its SQL or its message names it). */
    private static boolean isOnTheKey(PersistenceException e, Set<String> states) {
        if (!hasState(e, states)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(IdempotencyRecord.TABLE)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some {@link SQLException} among the causes of {@code e} has one of {@code states}. */
    private static boolean hasState(Throwable e, Set<String> states) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && states.contains(sql.getSQLState())) {
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
        boundClaimWait(em);
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
