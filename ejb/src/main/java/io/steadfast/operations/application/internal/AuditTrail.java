package io.steadfast.operations.application.internal;

import io.steadfast.security.infrastructure.SecretKeys;
import io.steadfast.operations.application.Operations.AuditRecord;
import io.steadfast.operations.application.Operations.AuditVerdict;
import io.steadfast.operations.domain.AuditChain;
import io.steadfast.operations.domain.AuditEntry;
import io.steadfast.operations.domain.AuditHead;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The append-only audit trail: appends in the caller's transaction (so an action and its entry
 * commit or roll back together), under the lock of the chain's head row, so that concurrent
 * actions on any node form one chain; reads pages; verifies the chain from its first entry.
 */
@Stateless
public class AuditTrail {

    /** Entries read per page while verifying. */
    static final int PAGE = 500;

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Inject
    SecretKeys keys;

    private AuditChain chain() {
        return new AuditChain(AuditChain.auditKey(keys.sealKey()));
    }

    /** Appends one entry in the caller's transaction (a new one when there is none). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public long append(String actor, String action, String target, String reason, String before, String after) {
        AuditHead head = em.find(AuditHead.class, AuditHead.ID, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            throw new IllegalStateException("the audit chain's head row is missing (migration V4 creates it)");
        }
        long seq = head.getSeq() + 1;
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String mac = chain().mac(head.getMac(), seq, at, actor, action, target, reason, before, after);
        em.persist(new AuditEntry(seq, at, actor, action, target, reason, before, after, mac));
        head.advance(seq, mac);
        return seq;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditRecord> page(int limit, Long beforeSeq) {
        return em.createQuery("select e from AuditEntry e where e.seq < :before order by e.seq desc", AuditEntry.class)
                .setParameter("before", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
                .setMaxResults(limit)
                .getResultList().stream()
                .map(e -> new AuditRecord(e.getSeq(), e.getRecordedAt().toString(), e.getActor(), e.getAction(), e.getTarget(),
                        e.getReason(), e.getBeforeState(), e.getAfterState()))
                .toList();
    }

    /** Walks the chain in pages of {@value #PAGE}, from the first entry to the head. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public AuditVerdict verify() {
        AuditHead head = em.find(AuditHead.class, AuditHead.ID);
        AuditChain.Walk walk = chain().walk();
        long after = 0;
        while (true) {
            List<AuditEntry> page = em.createQuery("select e from AuditEntry e where e.seq > :after order by e.seq", AuditEntry.class)
                    .setParameter("after", after)
                    .setMaxResults(PAGE)
                    .getResultList();
            boolean intact = true;
            for (AuditEntry e : page) {
                if (!walk.next(e)) {
                    intact = false;
                    break;
                }
                after = e.getSeq();
            }
            em.clear();
            if (!intact || page.size() < PAGE) {
                break;
            }
        }
        AuditChain.Verdict v = walk.end(head == null ? 0 : head.getSeq(), head == null ? "" : head.getMac());
        return new AuditVerdict(v.intact(), v.entries(), v.firstBrokenSeq().orElse(null), v.problem());
    }
}
