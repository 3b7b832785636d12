package io.steadfast.operations.application.internal;

import io.steadfast.configuration.Settings;
import io.steadfast.operations.application.OperationTargetNotFoundException;
import io.steadfast.operations.application.Operations;
import io.steadfast.operations.application.OperatorActionRefusedException;
import io.steadfast.integrity.infrastructure.QuarantinedRow;
import io.steadfast.operations.infrastructure.LogStore;
import io.steadfast.operations.infrastructure.RecoveryScan;
import io.steadfast.payment.application.internal.CardPaymentSteps;
import io.steadfast.payment.domain.Payment;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.payment.domain.PaymentSettlement;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.payment.domain.PaymentTransaction;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import javax.management.JMException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's actions. Actions on in-doubt transactions run outside any transaction (a
 * recovery pass must not run inside one) and write their audit entry in a transaction of its own
 * once Narayana has acted; settling a payment changes it and writes its audit entry in one
 * transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OperationsBean implements Operations {

    /** How long "recover now" waits for its recovery pass: {@code steadfast.admin.recover-timeout-seconds}, 30 s by default. */
    public static Duration recoverTimeout() {
        return recoverTimeout(Settings.current());
    }

    /** The setting behind {@link #recoverTimeout()}. */
    static final String RECOVER_TIMEOUT = "steadfast.admin.recover-timeout-seconds";

    public static Duration recoverTimeout(java.util.function.UnaryOperator<String> settings) {
        return Duration.ofSeconds(Settings.wholeNumber(settings, RECOVER_TIMEOUT, 30, 1, 3600));
    }

    /** Recovery passes "recover now" runs at most, within its deadline. */
    static final int MAX_PASSES = 3;

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @EJB
    io.steadfast.integrity.infrastructure.IntegrityRepairs repairs;

    @EJB
    CardPaymentSteps steps;

    @Resource
    ManagedExecutorService executor;

    private final LogStore logStore = new LogStore();

    @Override
    public List<InDoubt> inDoubt() {
        List<InDoubt> result = new ArrayList<>();
        for (LogStore.Transaction t : probe()) {
            PaymentTransaction link = em.find(PaymentTransaction.class, t.id());
            PaymentContext payment = null;
            if (link != null) {
                Payment p = em.find(Payment.class, link.getPaymentId());
                payment = p == null ? null : context(p, 0);
            }
            result.add(new InDoubt(t.id(), t.ageSeconds(), link == null ? null : link.getOperation(), payment, participants(t)));
        }
        return result;
    }

    @Override
    public ActionResult recover(String actor, String transactionId, String reason) {
        LogStore.Transaction before = find(transactionId);
        List<String> replayed = new ArrayList<>();
        try {
            for (LogStore.Participant p : before.participants()) {
                if (p.status() != null && p.status().startsWith("HEURISTIC")) {
                    logStore.recover(p);
                    replayed.add(p.id());
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("Narayana refused to replay a heuristic participant: " + e.getMessage(), e);
        }
        // Passes until the transaction is gone or the deadline: a transaction that failed its commit
        // only a moment ago may be passed over by the first pass (Narayana's recovery takes a
        // record in its first phase and settles it in the second, after the backoff), and is then
        // taken by the next one.
        String detail = null;
        long deadline = System.nanoTime() + recoverTimeout().toNanos();
        Optional<LogStore.Transaction> after = Optional.of(before);
        int passes = 0;
        while (after.isPresent() && detail == null && passes < MAX_PASSES) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                detail = "the transaction is still in the log store after " + passes + " recovery pass(es) within "
                        + recoverTimeout().toSeconds() + " s";
                break;
            }
            Future<?> pass = executor.submit(RecoveryScan::run);
            try {
                pass.get(left, TimeUnit.NANOSECONDS);
                passes++;
            } catch (TimeoutException e) {
                detail = "the recovery pass did not finish within " + recoverTimeout().toSeconds() + " s; it goes on in the background";
            } catch (ExecutionException e) {
                detail = "the recovery pass failed: " + e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                detail = "interrupted while waiting for the recovery pass";
            }
            after = findOptional(transactionId);
        }
        String outcome = after.isEmpty() ? ActionResult.RESOLVED : ActionResult.STILL_IN_DOUBT;
        if (after.isEmpty()) {
            detail = "recovery completed the transaction (" + passes + " pass(es)); it is no longer in the log store";
        } else if (detail == null) {
            detail = "the transaction is still in the log store after " + passes + " recovery passes: a participant could "
                    + "not be reached or refused; see the participants' status and the server log";
        }
        if (!replayed.isEmpty()) {
            detail += " (heuristic participants set to replay their commit: " + String.join(", ", replayed) + ")";
        }
        audit.append(actor, "transaction.recover", transactionId, reason, describe(before), after.map(OperationsBean::describe).orElse(null));
        return new ActionResult(transactionId, outcome, detail);
    }

    @Override
    public ActionResult forget(String actor, String transactionId, String participantId, String reason) {
        LogStore.Transaction before = find(transactionId);
        LogStore.Participant participant = before.participants().stream().filter(p -> p.id().equals(participantId)).findFirst()
                .orElseThrow(() -> new OperationTargetNotFoundException("transaction " + transactionId + " has no participant "
                        + participantId + "; its participants are " + before.participants().stream().map(LogStore.Participant::id).toList()));
        try {
            logStore.delete(participant);
        } catch (JMException e) {
            throw new OperatorActionRefusedException("Narayana did not forget participant " + participantId + ": " + e.getMessage());
        }
        Optional<LogStore.Transaction> after = findOptional(transactionId);
        audit.append(actor, "participant.forget", transactionId + " / " + participantId, reason, describe(before),
                after.map(OperationsBean::describe).orElse(null));
        return new ActionResult(transactionId, after.isEmpty() ? ActionResult.RESOLVED : ActionResult.STILL_IN_DOUBT,
                "participant " + participantId + " was removed from the transaction's log record"
                        + (after.isEmpty() ? ", which is now gone" : ""));
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<PaymentContext> stuckPayments(int limit) {
        Instant now = Instant.now();
        List<Object[]> rows = em.createQuery("select p, s.attempts from Payment p left join PaymentSettlement s on s.paymentId = p.id "
                        + "where p.status in :stuck and p.method = :card "
                        + "and not exists (select q from QuarantinedRow q where q.entity = 'Payment' and q.entityId = p.id) "
                        + "order by p.createdAt", Object[].class)
                .setParameter("stuck", List.of(PaymentStatus.PENDING, PaymentStatus.UNKNOWN, PaymentStatus.NEEDS_OPERATOR))
                .setParameter("card", PaymentMethod.CARD)
                .setMaxResults(limit)
                .getResultList();
        List<PaymentContext> result = new ArrayList<>();
        for (Object[] row : rows) {
            result.add(context((Payment) row[0], row[1] == null ? 0 : (Integer) row[1], now));
        }
        return result;
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public PaymentContext settle(String actor, String paymentId, boolean approved, String acquirerReference, String reason) {
        String[] states = steps.settleByOperator(paymentId, approved, acquirerReference);
        Payment settled = em.find(Payment.class, paymentId);
        audit.append(actor, approved ? "payment.settle-approved" : "payment.settle-declined", paymentId, reason,
                Json.createObjectBuilder().add("state", states[0]).build().toString(),
                stateJson(states[1], acquirerReference));
        PaymentSettlement attempts = em.find(PaymentSettlement.class, paymentId);
        return context(settled, attempts == null ? 0 : attempts.getAttempts());
    }

    @Override
    public List<QuarantineEntry> quarantined() {
        return repairs.quarantined().stream().map(q -> new QuarantineEntry(q.getEntity(), q.getEntityId(), q.getReason(), q.getDetectedAt())).toList();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void releaseQuarantine(String actor, String entity, String id, String reason) {
        QuarantinedRow row = em.find(QuarantinedRow.class, entity + ":" + id);
        if (row == null) {
            throw new OperationTargetNotFoundException(entity + " " + id + " is not in quarantine");
        }
        jakarta.persistence.metamodel.EntityType<?> type = em.getMetamodel().getEntities().stream()
                .filter(e -> e.getName().equals(entity)).findFirst()
                .orElseThrow(() -> new OperationTargetNotFoundException("no entity " + entity));
        Object key = type.getIdType().getJavaType() == Long.class || type.getIdType().getJavaType() == long.class ? Long.valueOf(id) : id;
        try {
            if (em.find(type.getJavaType(), key) == null) {
                throw new OperatorActionRefusedException(entity + " " + id + " no longer exists; nothing to release");
            }
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof io.steadfast.integrity.domain.IntegrityViolationException) {
                    throw new OperatorActionRefusedException(entity + " " + id + " still fails its integrity codes ("
                            + t.getMessage() + "); repair the row first, for example from a backup");
                }
            }
            throw e;
        }
        String before = Json.createObjectBuilder().add("quarantined", true).add("reason", row.getReason())
                .add("detectedAt", row.getDetectedAt().toString()).build().toString();
        em.remove(row);
        audit.append(actor, "quarantine.release", entity + " " + id, reason, before,
                Json.createObjectBuilder().add("quarantined", false).build().toString());
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditRecord> audit(int limit, Long beforeSeq) {
        return audit.page(limit, beforeSeq);
    }

    @Override
    public AuditVerdict verifyAudit() {
        return audit.verify();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void audited(String actor, String action, String target, String reason, String before, String after) {
        audit.append(actor, action, target, reason, before, after);
    }

    private static String stateJson(String state, String reference) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("state", state);
        if (reference != null) {
            b.add("acquirerReference", reference);
        }
        return b.build().toString();
    }

    private List<LogStore.Transaction> probe() {
        try {
            return logStore.probe();
        } catch (JMException e) {
            throw new IllegalStateException("cannot read Narayana's log store: " + e.getMessage(), e);
        }
    }

    private LogStore.Transaction find(String transactionId) {
        return findOptional(transactionId).orElseThrow(() -> new OperationTargetNotFoundException("transaction " + transactionId
                + " is not in the log store (any more): recovery may have completed it; list the in-doubt transactions again"));
    }

    private Optional<LogStore.Transaction> findOptional(String transactionId) {
        try {
            return logStore.find(transactionId);
        } catch (JMException e) {
            throw new IllegalStateException("cannot read Narayana's log store: " + e.getMessage(), e);
        }
    }

    private static List<Participant> participants(LogStore.Transaction t) {
        return t.participants().stream().map(p -> new Participant(p.id(), p.jndiName(), p.product(), p.status())).toList();
    }

    /** The transaction as the audit entry keeps it: its participants and their status. */
    private static String describe(LogStore.Transaction t) {
        JsonArrayBuilder participants = Json.createArrayBuilder();
        for (LogStore.Participant p : t.participants()) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("id", p.id());
            if (p.jndiName() != null) {
                b.add("jndiName", p.jndiName());
            }
            b.add("status", String.valueOf(p.status()));
            participants.add(b);
        }
        return Json.createObjectBuilder().add("transactionId", t.id()).add("ageSeconds", t.ageSeconds())
                .add("participants", participants).build().toString();
    }

    private static PaymentContext context(Payment p, int attempts) {
        return context(p, attempts, Instant.now());
    }

    private static PaymentContext context(Payment p, int attempts, Instant now) {
        return new PaymentContext(p.getId(), p.getOrderId(), p.getAmount().amountMinor(), p.getAmount().currency(),
                p.getMethod().apiName(), p.getStatus().name(), p.getIdempotencyKey(), p.getCreatedAt().toString(),
                Math.max(0, Duration.between(p.getCreatedAt(), now).toSeconds()), attempts);
    }
}
