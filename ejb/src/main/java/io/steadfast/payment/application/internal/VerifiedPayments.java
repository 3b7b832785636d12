package io.steadfast.payment.application.internal;

import io.steadfast.integrity.domain.IntegrityViolationException;
import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.domain.Payment;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/**
 * Loads payment rows, checking their integrity codes, in a transaction and persistence context
 * of its own: a row that fails the check throws out of this call only, and the caller can load
 * the rest again without it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class VerifiedPayments {

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    /**
     * The payments with these ids, in no particular order.
     *
     * @throws IntegrityViolationException naming the first row that failed its check (now quarantined);
     *                                     an application exception, so the container logs no stack trace
     */
    public List<PaymentView> views(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try {
            return em.createQuery("select p from Payment p where p.id in :ids", Payment.class).setParameter("ids", ids)
                    .getResultList().stream().map(PaymentView::of).toList();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IntegrityViolationException violation) {
                    throw violation;
                }
            }
            throw e;
        }
    }
}
