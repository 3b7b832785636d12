package io.steadfast.payment.application.internal;

import io.steadfast.payment.application.Baselines;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.domain.PaymentMethod;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/** Implements {@link Baselines} over the {@code steadfast-1pc} persistence unit (non-XA datasource). */
@Stateless
public class BaselinesBean implements Baselines {

    @PersistenceContext(unitName = "steadfast-1pc")
    EntityManager onePhase;

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public PaymentResult createOnePhase(NewPayment cmd) {
        if (cmd.method() == PaymentMethod.CARD) {
            throw new IllegalArgumentException("the one-phase baseline takes no card payments (they go through the gateway)");
        }
        return PaymentCreation.create(onePhase, transactions, cmd, payment -> {
        });
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean integrityCodesOn() {
        return io.steadfast.integrity.infrastructure.IntegrityGuard.switchedOn();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String entity : new String[] {"Payment", "LedgerEntry", "IdempotencyRecord", "QuarantinedRow"}) {
            counts.put(entity, em.createQuery("select count(e) from " + entity + " e", Long.class).getSingleResult());
        }
        return counts;
    }
}
