package io.steadfast.payment.infrastructure;

import io.steadfast.payment.domain.PaymentTransaction;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Records, inside the current XA transaction, that it writes this payment's receipt: Narayana's id
 * of the transaction, as its log store will name it should the transaction ever be in doubt
 * ({@link PaymentTransaction}). Once per transaction.
 */
@ApplicationScoped
public class PaymentTransactions {

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry registry;

    /** Records the current transaction as writing {@code paymentId}'s {@code operation}. */
    public void record(String paymentId, String operation) {
        String id = transactionId(registry.getTransactionKey());
        if (id == null || em.find(PaymentTransaction.class, id) != null) {
            return;
        }
        em.persist(new PaymentTransaction(id, paymentId, operation, Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }

    /**
     * Narayana's id (its {@code Uid} in string form) of the transaction whose key the registry
     * gives: the key is the {@code Uid} itself, or a transaction object that has one.
     */
    static String transactionId(Object key) {
        if (key == null) {
            return null;
        }
        try {
            Object uid = key.getClass().getMethod("get_uid").invoke(key);
            return uid == null ? null : uid.toString();
        } catch (NoSuchMethodException e) {
            return key.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the transaction's id from " + key.getClass().getName(), e);
        }
    }
}
