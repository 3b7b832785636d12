package io.steadfast.payment.application.internal;

import io.steadfast.security.infrastructure.SecretKeys;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.domain.IdempotencyRecord;
import io.steadfast.payment.domain.Money;
import io.steadfast.payment.domain.Payment;
import io.steadfast.payment.domain.PaymentSettlement;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.payment.domain.PaymentGateway;
import io.steadfast.payment.infrastructure.ReceiptStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import javax.crypto.Mac;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The two transactions of a card payment, and the janitor's settling of one left open, each one
 * XA transaction of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class CardPaymentSteps {

    /** The decline reason of a payment the acquirer never received: nothing was charged. */
    public static final String NEVER_RECEIVED = "acquirer_never_received";

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Inject
    ReceiptStore receipts;

    @Inject
    SecretKeys keys;

    /** Step 1: the payment PENDING and its idempotency record, committed before the gateway is asked. */
    public PaymentResult recordPending(NewPayment cmd, String pan) {
        String token = token(pan);
        String hash = PaymentServiceBean.requestHash(cmd, token);
        IdempotencyRecord earlier = em.find(IdempotencyRecord.class, cmd.idempotencyKey());
        if (earlier != null) {
            return PaymentServiceBean.replayed(em, earlier, hash);
        }
        Payment payment = Payment.pendingCard(UUID.randomUUID().toString(), cmd.orderId(), new Money(cmd.amountMinor(), cmd.currency()),
                cmd.idempotencyKey(), Instant.now().truncatedTo(ChronoUnit.MICROS), cmd.capture(), pan, token);
        return new PaymentResult(PaymentCreation.persistClaimed(em, cmd, hash, payment), true);
    }

    /**
     * Step 2: the gateway's answer; an approval also writes the ledger and the signed receipt.
     * A payment the janitor settled meanwhile (its request ran longer than the janitor's
     * threshold) is left as the janitor recorded it, and that is the answer.
     */
    public PaymentResult recordOutcome(String paymentId, String idempotencyKey, PaymentGateway.Answer answer) {
        Payment payment = em.find(Payment.class, paymentId, LockModeType.PESSIMISTIC_WRITE);
        if (payment.awaitsOutcome()) {
            settle(payment, answer);
        }
        return new PaymentResult(complete(payment, idempotencyKey), true);
    }

    /** What one janitor step did with a payment. */
    public enum JanitorStep {
        /** Nothing: settled meanwhile, asked meanwhile by another node, or gone. */
        SKIPPED,
        /** The acquirer's answer is recorded: approved, declined, or never received (declined). */
        SETTLED,
        /** Still unknown; asked again after the backoff. */
        RETRY,
        /** Still unknown after the last attempt: NEEDS_OPERATOR. */
        ESCALATED
    }

    /** The result of a janitor step: what it did, the payment's status afterwards, and the attempts so far. */
    public record JanitorResult(JanitorStep step, String status, int attempts) {
    }

    /**
     * The janitor's step for one payment, with the acquirer's answer to a lookup made just before
     * (outside any transaction). Under the payment row's lock, the state is looked at again: a
     * payment settled meanwhile (by its own request, or by the janitor of another node) is left
     * alone, as is one whose next attempt another node has just pushed back. An answer is
     * recorded exactly as the live path records it ({@link #settle}); {@code NOT_RECEIVED} is a
     * decline, since nothing was charged; still unknown counts an attempt, and the last one hands
     * the payment to an operator.
     */
    public JanitorResult recordLookup(String paymentId, PaymentGateway.Answer lookedUp, JanitorSettings settings, Instant now) {
        Payment payment = em.find(Payment.class, paymentId, LockModeType.PESSIMISTIC_WRITE);
        if (payment == null || !payment.awaitsOutcome()) {
            return new JanitorResult(JanitorStep.SKIPPED, payment == null ? null : payment.getStatus().name(), 0);
        }
        // read with a lock, as the idempotency record in complete(), so that no attempt is missed
        PaymentSettlement attempts = em.find(PaymentSettlement.class, paymentId, LockModeType.PESSIMISTIC_WRITE);
        if (attempts != null && !attempts.dueAt(now)) {
            return new JanitorResult(JanitorStep.SKIPPED, payment.getStatus().name(), attempts.getAttempts());
        }
        JanitorStep step;
        Instant next = now;
        switch (lookedUp.outcome()) {
            case TIMEOUT -> {
                JanitorSettings.AfterUnknown after = settings.afterUnknown(attempts == null ? 0 : attempts.getAttempts(), now);
                next = after.nextAttemptAt();
                if (after.escalate()) {
                    payment.needsOperator();
                    step = JanitorStep.ESCALATED;
                } else {
                    step = JanitorStep.RETRY;
                }
            }
            case NOT_RECEIVED -> {
                settle(payment, new PaymentGateway.Answer(PaymentGateway.Outcome.DECLINED, NEVER_RECEIVED, null));
                step = JanitorStep.SETTLED;
            }
            default -> {
                settle(payment, lookedUp);
                step = JanitorStep.SETTLED;
            }
        }
        if (attempts == null) {
            attempts = new PaymentSettlement(paymentId, now, next);
            em.persist(attempts);
        } else {
            attempts.attempted(now, next);
        }
        if (step != JanitorStep.RETRY) {
            complete(payment, payment.getIdempotencyKey());
        }
        return new JanitorResult(step, payment.getStatus().name(), attempts.getAttempts());
    }

    /**
     * An operator's settlement of a card payment still waiting for its outcome (PENDING, UNKNOWN
     * or NEEDS_OPERATOR), in the caller's transaction (which also writes the audit entry): the
     * acquirer's answer as the operator learned it, recorded as the live path records one (the
     * state table allows it only from those three states).
     * Returns the payment's status before and after.
     *
     * @throws io.steadfast.payment.application.PaymentNotFoundException no such payment
     * @throws io.steadfast.payment.domain.IllegalTransitionException not a card payment waiting for an outcome
     * @throws io.steadfast.payment.application.IdempotencyConflictException its own request still runs here
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public String[] settleByOperator(String paymentId, boolean approved, String reference) {
        Payment payment = em.find(Payment.class, paymentId, LockModeType.PESSIMISTIC_WRITE);
        if (payment == null) {
            throw new io.steadfast.payment.application.PaymentNotFoundException(paymentId);
        }
        if (PaymentCreation.inFlight(payment.getIdempotencyKey())) {
            throw new io.steadfast.payment.application.IdempotencyConflictException("the request of payment " + paymentId
                    + " is still running on this node and records the acquirer's answer itself; try again in a minute");
        }
        String before = payment.getStatus().name();
        if (payment.getMethod() != io.steadfast.payment.domain.PaymentMethod.CARD) {
            throw new io.steadfast.payment.domain.IllegalTransitionException(payment.getStatus(), "settling by an operator",
                    "only a card payment that is PENDING, UNKNOWN or NEEDS_OPERATOR can be settled");
        }
        long captured = payment.settledByOperator(approved, reference, OPERATOR_DECLINED);
        if (approved) {
            // as the live path records an approval: the capture's postings and the signed receipt
            if (captured > 0) {
                LedgerPostings.post(em, payment, "capture", captured);
            }
            receipts.store(payment);
        }
        complete(payment, payment.getIdempotencyKey());
        return new String[] {before, payment.getStatus().name()};
    }

    /** The decline reason of a payment an operator settled as failed. */
    public static final String OPERATOR_DECLINED = "operator_settled_failed";

    /** Records the acquirer's answer: the one body for the live request and the janitor. */
    private void settle(Payment payment, PaymentGateway.Answer answer) {
        switch (answer.outcome()) {
            case APPROVED -> {
                long captured = payment.approved(answer.reference());
                if (captured > 0) {
                    LedgerPostings.post(em, payment, "capture", captured);
                }
                receipts.store(payment);
            }
            case DECLINED, INSUFFICIENT_FUNDS -> payment.declined(answer.reason());
            case TIMEOUT -> {
                if (payment.getStatus() == PaymentStatus.PENDING) {
                    payment.outcomeUnknown();
                }
            }
            default -> throw new IllegalStateException("unexpected gateway outcome " + answer.outcome());
        }
    }

    /**
     * Completes the payment's idempotency record with its response now, so that a retry with the
     * key gets it. A record purged after the retention period (and perhaps its key used again for
     * another payment) is left alone.
     * <p>The record is read with a lock, not a plain read: under concurrent requests with one key,
     * H2 (2.2.224, the embedded default) now and then answered a plain read here with no row,
     * although the transaction that inserted it had committed before this one began, and the
     * record then kept its PENDING body while the payment moved on, so every later retry was
     * answered PENDING (about 1 in 100 settled card payments under 48 concurrent requests with one
     * key; never on PostgreSQL). A locking read sees the committed row.
     */
    private PaymentView complete(Payment payment, String idempotencyKey) {
        PaymentView view = PaymentView.of(payment);
        IdempotencyRecord record = em.find(IdempotencyRecord.class, idempotencyKey, LockModeType.PESSIMISTIC_WRITE);
        if (record != null && record.getPaymentId().equals(payment.getId())) {
            record.completeWith(PaymentServiceBean.JSON.toJson(view));
        }
        return view;
    }

    private String token(String pan) {
        return token(keys, pan);
    }

    /**
     * A stable, keyed token of the card number: the same card always gets the same token. Part of
     * a card payment's request hash, so a replay of it must compute it the same way.
     */
    static String token(SecretKeys keys, String pan) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.cardTokenKey());
            return "tok_" + HexFormat.of().formatHex(mac.doFinal(pan.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0, 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot tokenise a card number", e);
        }
    }
}
