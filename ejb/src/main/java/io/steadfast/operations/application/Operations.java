package io.steadfast.operations.application;

import jakarta.ejb.Local;

import java.util.List;

/**
 * What an operator can see and do (the admin API and console): transactions in doubt with their
 * business context, card payments still waiting for an outcome, and the audit trail. Every
 * action names its operator and a reason, and writes one audit entry.
 */
@Local
public interface Operations {

    /** A payment as the operator sees it beside an in-doubt transaction or in the stuck list. */
    record PaymentContext(String id, String orderId, long amountMinor, String currency, String method, String state,
                          String idempotencyKey, String createdAt, long ageSeconds, int attempts) {
    }

    /** A participant of an in-doubt transaction: the database branch, the vault branch, ... */
    record Participant(String id, String jndiName, String product, String status) {
    }

    /** A transaction in Narayana's log store, joined to the payment it wrote (null when it wrote none that is known). */
    record InDoubt(String transactionId, long ageSeconds, String operation, PaymentContext payment, List<Participant> participants) {
    }

    /** What an action on an in-doubt transaction achieved. */
    record ActionResult(String transactionId, String outcome, String detail) {
        public static final String RESOLVED = "RESOLVED";
        public static final String STILL_IN_DOUBT = "STILL_IN_DOUBT";
    }

    /** An audit entry as shown. */
    record AuditRecord(long seq, String at, String actor, String action, String target, String reason, String before, String after) {
    }

    /** The audit chain's verdict. */
    record AuditVerdict(boolean intact, long entries, Long firstBrokenSeq, String problem) {
    }

    /** Transactions in the log store now (a fresh probe), oldest first. */
    List<InDoubt> inDoubt();

    /**
     * Runs recovery for {@code transactionId} now: participants in a heuristic state are set to
     * replay their commit, then a recovery pass runs, waited for up to the deadline.
     *
     * @throws OperationTargetNotFoundException not in the log store
     */
    ActionResult recover(String actor, String transactionId, String reason);

    /**
     * Forgets participant {@code participantId} of {@code transactionId}: removes it from the log
     * record (for a heuristic, after Narayana's {@code forget} on the resource).
     *
     * @throws OperationTargetNotFoundException no such transaction or participant
     */
    ActionResult forget(String actor, String transactionId, String participantId, String reason);

    /** Card payments PENDING, UNKNOWN or NEEDS_OPERATOR, oldest first (at most {@code limit}). */
    List<PaymentContext> stuckPayments(int limit);

    /**
     * Settles a card payment by what the acquirer told the operator: approved (with the acquirer's
     * reference, optional) or declined. The change and its audit entry commit together.
     *
     * @throws io.steadfast.payment.application.IdempotencyConflictException its request is still running on this node
     * @throws io.steadfast.payment.domain.IllegalTransitionException not a card payment waiting for its outcome
     */
    PaymentContext settle(String actor, String paymentId, boolean approved, String acquirerReference, String reason);

    /**
     * Releases a quarantined row after an operator repaired it (restored it from a backup, for
     * example): the row must now pass its integrity codes; then it leaves the quarantine list.
     *
     * @throws OperationTargetNotFoundException no such row in quarantine
     * @throws OperatorActionRefusedException the row still fails its codes
     */
    void releaseQuarantine(String actor, String entity, String id, String reason);

    /** A row that failed its integrity codes beyond repair, and since when. */
    record QuarantineEntry(String entity, String id, String reason, java.time.Instant detectedAt) {
    }

    /** The rows in quarantine, oldest first. */
    List<QuarantineEntry> quarantined();

    /** Audit entries, newest first: at most {@code limit}, before {@code beforeSeq} when given. */
    List<AuditRecord> audit(int limit, Long beforeSeq);

    /** Walks the whole chain and names its first broken link. */
    AuditVerdict verifyAudit();

    /** Writes one audit entry, in the caller's transaction (or a new one): for actions made elsewhere (vault, quarantine). */
    void audited(String actor, String action, String target, String reason, String before, String after);
}
