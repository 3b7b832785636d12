package io.steadfast.integrity.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;

/**
 * Writes corrections back and records quarantined rows, each in a transaction of its own, so
 * they stick whatever happens to the caller's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class IntegrityRepairs {

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    /** Writes a SECDED-corrected amount back; the other columns were right, so they stay. */
    public void writeBackAmount(String entityName, String amountPath, String id, long amount) {
        String idAttribute = em.getMetamodel().entity(entityClass(entityName)).getId(String.class).getName();
        em.createQuery("update " + entityName + " e set e." + amountPath + " = :amount where e." + idAttribute + " = :id")
                .setParameter("amount", amount)
                .setParameter("id", id)
                .executeUpdate();
    }

    private Class<?> entityClass(String entityName) {
        return em.getMetamodel().getEntities().stream().filter(e -> e.getName().equals(entityName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entity " + entityName)).getJavaType();
    }

    public void quarantine(String entityName, String id, String reason) {
        if (em.find(QuarantinedRow.class, entityName + ":" + id) == null) {
            em.persist(new QuarantinedRow(entityName, id, reason, Instant.now()));
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<QuarantinedRow> quarantined() {
        return em.createNamedQuery("QuarantinedRow.all", QuarantinedRow.class).getResultList();
    }
}
