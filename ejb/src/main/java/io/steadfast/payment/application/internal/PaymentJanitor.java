package io.steadfast.payment.application.internal;

import io.steadfast.diagnostics.Causes;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.payment.domain.PaymentGateway;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Settles card payments left PENDING (a crash between their two transactions) or UNKNOWN (the
 * gateway did not answer in time) by asking the acquirer what became of them
 * ({@link PaymentGateway#lookup}). Run on the schedule of {@link JanitorSettings} by
 * {@link io.steadfast.scheduling.application.ScheduledTasks}, once per fire in the cluster.
 *
 * <p>Each run takes the card payments in those states older than the threshold whose next attempt
 * is due, oldest first, at most {@value #BATCH} of them, and for each: skips it when its request
 * still runs on this node (its Idempotency-Key is in flight), asks the acquirer outside any
 * transaction, and records the answer in a transaction of its own under the payment row's lock
 * ({@link CardPaymentSteps#recordLookup}), which looks at the state again first. Two nodes running
 * the janitor at once both ask the acquirer (a lookup never charges), and only the first to lock
 * the row records anything; the second finds it settled, or its next attempt not yet due.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PaymentJanitor {

    /** Payments looked at per run, at most; the rest wait for the next run. */
    static final int BATCH = 100;

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Inject
    PaymentGateway gateway;

    @EJB
    CardPaymentSteps steps;

    /** The janitor's schedule, read from its settings now, and logged with them. */
    public ScheduleExpression schedule() {
        JanitorSettings settings;
        try {
            settings = JanitorSettings.current();
        } catch (IllegalArgumentException e) {
            throw JanitorLogger.LOG.invalidSettings(e.getMessage());
        }
        JanitorLogger.LOG.scheduled(settings.schedule(), settings.threshold().toSeconds(), settings.maxAttempts(),
                settings.backoff().toSeconds(), settings.backoffMax().toSeconds());
        return settings.scheduleExpression();
    }

    /** One pass now, with the settings of now; returns how many payments it asked the acquirer about. */
    public int runOnce() {
        return runOnce(JanitorSettings.current(), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** One pass at {@code now}; returns how many payments it asked the acquirer about. */
    int runOnce(JanitorSettings settings, Instant now) {
        int asked = 0;
        for (Object[] candidate : candidates(settings, now)) {
            String paymentId = (String) candidate[0];
            String key = (String) candidate[1];
            if (PaymentCreation.inFlight(key)) {
                continue; // its own request is still running here: it records its answer itself
            }
            asked++;
            settle(paymentId, settings, now);
        }
        return asked;
    }

    private void settle(String paymentId, JanitorSettings settings, Instant now) {
        PaymentGateway.Answer answer;
        try {
            answer = gateway.lookup(paymentId);
        } catch (RuntimeException e) {
            // No answer to the question is no news: still unknown, counted as an attempt.
            answer = new PaymentGateway.Answer(PaymentGateway.Outcome.TIMEOUT, "lookup_error", null);
        }
        try {
            CardPaymentSteps.JanitorResult result = steps.recordLookup(paymentId, answer, settings, now);
            switch (result.step()) {
                case SETTLED -> JanitorLogger.LOG.settled(paymentId, result.status(), answer.outcome().name(), result.attempts());
                case ESCALATED -> JanitorLogger.LOG.needsOperator(paymentId, result.attempts());
                default -> {
                }
            }
        } catch (RuntimeException e) {
            Throwable cause = Causes.root(e);
            JanitorLogger.LOG.stepFailed(paymentId, cause.getClass().getName(), cause.getMessage());
        }
    }

    /**
     * Id and idempotency key of the card payments awaiting an outcome, older than the threshold,
     * whose next attempt is due, oldest first; quarantined rows left out (nothing in them can be
     * trusted, and they are an operator's already). Positions only: no row is loaded here.
     */
    private List<Object[]> candidates(JanitorSettings settings, Instant now) {
        return em.createQuery("select p.id, p.idempotencyKey from Payment p left join PaymentSettlement s on s.paymentId = p.id "
                        + "where p.status in :waiting and p.method = :card and p.createdAt < :cutoff "
                        + "and (s.nextAttemptAt is null or s.nextAttemptAt <= :now) "
                        + "and not exists (select q from QuarantinedRow q where q.entity = 'Payment' and q.entityId = p.id) "
                        + "order by p.createdAt", Object[].class)
                .setParameter("waiting", List.of(PaymentStatus.PENDING, PaymentStatus.UNKNOWN))
                .setParameter("card", PaymentMethod.CARD)
                .setParameter("cutoff", now.minus(settings.threshold()))
                .setParameter("now", now)
                .setMaxResults(BATCH)
                .getResultList();
    }
}
