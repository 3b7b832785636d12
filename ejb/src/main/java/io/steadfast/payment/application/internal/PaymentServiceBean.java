package io.steadfast.payment.application.internal;

import io.steadfast.integrity.domain.CanonicalEncoder;
import io.steadfast.integrity.domain.IntegrityViolationException;
import io.steadfast.payment.application.IdempotencyConflictException;
import io.steadfast.payment.application.IdempotencyKeyReusedException;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.LedgerBalance;
import io.steadfast.payment.application.PaymentNotFoundException;
import io.steadfast.payment.application.PaymentOperation;
import io.steadfast.payment.application.PaymentPage;
import io.steadfast.payment.application.PaymentQuery;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.application.Receipt;
import io.steadfast.security.infrastructure.SecretKeys;
import io.steadfast.payment.domain.IdempotencyRecord;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.payment.infrastructure.GatewayCall;
import io.steadfast.payment.domain.PaymentGateway;
import io.steadfast.payment.domain.Payment;
import io.steadfast.payment.infrastructure.ReceiptStore;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Implements {@link PaymentService}. {@link #create} runs in one container-managed JTA
 * transaction: the payment row goes through the XA datasource and the receipt through the vault's
 * XA connection, so Narayana commits both with two-phase commit or neither.
 */
@Stateless
public class PaymentServiceBean implements PaymentService {

    private static final int OK = 200;

    @Resource
    TransactionSynchronizationRegistry transactions;
    static final Jsonb JSON = JsonbBuilder.create();

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Inject
    ReceiptStore receipts;

    @Inject
    io.steadfast.payment.infrastructure.ReceiptSigner signer;

    @Inject
    PaymentGateway gateway;

    @jakarta.ejb.EJB
    CardPaymentSteps cardSteps;

    @Inject
    SecretKeys keys;

    @jakarta.ejb.EJB
    VerifiedPayments verified;

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public PaymentResult create(NewPayment cmd) {
        return PaymentCreation.create(em, transactions, cmd, receipts::store);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public PaymentResult operate(PaymentOperation op) {
        // The payment row is locked for the whole transaction: operations on one payment run one
        // at a time, and a retry waits for the first attempt, then finds its idempotency record.
        // The wait is bounded: a first attempt in doubt on a node that died holds the row until
        // that node recovers, and the retry is told so (409) rather than held.
        PaymentCreation.boundClaimWait(em);
        Payment payment;
        try {
            payment = em.find(Payment.class, op.paymentId(), LockModeType.PESSIMISTIC_WRITE);
        } catch (jakarta.persistence.PersistenceException e) {
            throw PaymentCreation.heldOr(e, PaymentCreation.PAYMENT_HELD);
        }
        if (payment == null) {
            throw new PaymentNotFoundException(op.paymentId());
        }
        String hash = operationHash(op);
        IdempotencyRecord earlier = em.find(IdempotencyRecord.class, op.idempotencyKey());
        if (earlier != null) {
            return replayed(em, earlier, hash);
        }
        long moved = 0;
        switch (op.kind()) {
            case CAPTURE -> {
                moved = payment.capture(op.amountMinor());
                postMovement(payment, "capture", moved);
            }
            case VOID -> payment.voidAuthorization();
            case REFUND -> {
                if (op.amountMinor() == null) {
                    throw new IllegalArgumentException("a refund needs an amount");
                }
                payment.refund(op.amountMinor());
                moved = op.amountMinor();
                postMovement(payment, "refund", moved);
            }
            default -> throw new IllegalStateException("unknown operation " + op.kind());
        }
        PaymentView view = PaymentView.of(payment);
        em.persist(new IdempotencyRecord(op.idempotencyKey(), hash, payment.getId(), moved, OK, JSON.toJson(view),
                Instant.now().truncatedTo(ChronoUnit.MICROS)));
        PaymentCreation.flushClaim(em);
        return new PaymentResult(view, true);
    }

    private void postMovement(Payment p, String movement, long amount) {
        LedgerPostings.post(em, p, movement, amount);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<LedgerBalance> ledgerBalances() {
        return em.createQuery("select e.account, e.currency, sum(e.amountMinor), count(e) from LedgerEntry e "
                        + "group by e.account, e.currency order by e.currency, e.account", Object[].class)
                .getResultStream()
                .map(r -> new LedgerBalance((String) r[0], (String) r[1], ((Number) r[2]).longValue(), ((Number) r[3]).longValue()))
                .toList();
    }

    static String operationHash(PaymentOperation op) {
        return sha256(new CanonicalEncoder("payment-operation/v1").string(op.paymentId()).string(op.kind().name())
                .number(op.amountMinor() == null ? -1 : op.amountMinor()).bytes());
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<PaymentResult> replay(NewPayment cmd, String cardNumber) {
        boolean running = PaymentCreation.inFlight(cmd.idempotencyKey());
        IdempotencyRecord earlier = em.find(IdempotencyRecord.class, cmd.idempotencyKey());
        return earlier == null ? Optional.empty()
                : Optional.of(replayedUnlessRunning(em, earlier, requestHash(cmd, cardToken(cardNumber)), running));
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<PaymentResult> replayCheckout(String idempotencyKey, String orderId, PaymentMethod method, String cardNumber) {
        boolean running = PaymentCreation.inFlight(idempotencyKey);
        IdempotencyRecord earlier = em.find(IdempotencyRecord.class, idempotencyKey);
        if (earlier == null) {
            return Optional.empty();
        }
        // The amount and currency are the ones the first checkout recorded; all the client sends
        // again (order, method, card) must match, or the key is being reused for another request.
        PaymentView recorded = JSON.fromJson(earlier.getResponseBody(), PaymentView.class);
        NewPayment asFirstSent = new NewPayment(orderId, recorded.amountMinor(), recorded.currency(), method, idempotencyKey);
        return Optional.of(replayedUnlessRunning(em, earlier, requestHash(asFirstSent, cardToken(cardNumber)), running));
    }

    /**
     * The stored answer for a caller that does not hold the key: a card payment's record is
     * committed PENDING before the gateway answers, and while that request still runs here its
     * PENDING body is not the answer, so this is 409 (retry shortly). With no request running
     * (a crash between the two steps) PENDING is what there is, and is replayed.
     * {@code runningBeforeRead} must be looked at before the record is read: the request commits
     * its outcome before it releases the key, so a PENDING read after seeing no request running is
     * not stale, whereas a key released after the read may have left a stale PENDING behind.
     */
    private static PaymentResult replayedUnlessRunning(EntityManager em, IdempotencyRecord earlier, String hash, boolean runningBeforeRead) {
        PaymentResult result = replayed(em, earlier, hash);
        if (runningBeforeRead && PaymentStatus.PENDING.name().equals(result.payment().status())) {
            throw new IdempotencyConflictException(PaymentCreation.KEY_BUSY);
        }
        return result;
    }

    /** The card's keyed token as the card payment hashed it, or "" for a payment without a card. */
    private String cardToken(String cardNumber) {
        return cardNumber == null ? "" : CardPaymentSteps.token(keys, cardNumber);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PaymentResult createWithCard(NewPayment cmd, String cardNumber) {
        String key = cmd.idempotencyKey();
        PaymentCreation.claim(key);
        try {
            PaymentResult pending = cardSteps.recordPending(cmd, cardNumber);
            if (!pending.created()) {
                return pending;
            }
            // A gateway that fails has not answered: the outcome is unknown (logged), never a decline.
            PaymentGateway.Answer answer = GatewayCall.authorize(gateway, pending.payment().id(), cardNumber.toCharArray(),
                    cmd.amountMinor(), cmd.currency());
            return cardSteps.recordOutcome(pending.payment().id(), key, answer);
        } finally {
            PaymentCreation.release(key);
        }
    }

    /**
     * The stored response of an earlier request with this key. The payment it names is read too,
     * so that its integrity codes are checked: the replay of a quarantined payment's key answers
     * the integrity violation rather than a response the row no longer backs.
     */
    static PaymentResult replayed(EntityManager em, IdempotencyRecord earlier, String hash) {
        if (!earlier.getRequestHash().equals(hash)) {
            throw new IdempotencyKeyReusedException("this Idempotency-Key was already used for a different request "
                    + "(at " + earlier.getCreatedAt() + "); use a new key for a new payment");
        }
        em.find(Payment.class, earlier.getPaymentId());
        return new PaymentResult(JSON.fromJson(earlier.getResponseBody(), PaymentView.class), false);
    }

    /** SHA-256 of the request's canonical encoding, hex. */
    static String requestHash(NewPayment cmd) {
        return requestHash(cmd, "");
    }

    /** The request hash; {@code cardToken} distinguishes card payments with different cards. */
    static String requestHash(NewPayment cmd, String cardToken) {
        return sha256(new CanonicalEncoder("payment-request/v1").string(cmd.orderId()).number(cmd.amountMinor())
                .string(cmd.currency()).string(cmd.method().name()).number(cmd.capture() ? 1 : 0).string(cardToken).bytes());
    }

    private static String sha256(byte[] canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<PaymentView> find(String paymentId) {
        return Optional.ofNullable(em.find(Payment.class, paymentId)).map(PaymentView::of);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public PaymentPage list(PaymentQuery q) {
        StringBuilder jpql = new StringBuilder("select p.id, p.createdAt from Payment p where 1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (q.orderId() != null) {
            jpql.append(" and p.orderId = :orderId");
            params.put("orderId", q.orderId());
        }
        if (q.status() != null) {
            jpql.append(" and p.status = :status");
            params.put("status", io.steadfast.payment.domain.PaymentStatus.valueOf(q.status()));
        }
        if (q.createdFrom() != null) {
            jpql.append(" and p.createdAt >= :from");
            params.put("from", q.createdFrom());
        }
        if (q.createdTo() != null) {
            jpql.append(" and p.createdAt < :to");
            params.put("to", q.createdTo());
        }
        if (q.after() != null) {
            jpql.append(" and (p.createdAt < :afterTime or (p.createdAt = :afterTime and p.id < :afterId))");
            params.put("afterTime", q.after().createdAt());
            params.put("afterId", q.after().id());
        }
        jpql.append(" order by p.createdAt desc, p.id desc");
        // Positions only (no entity is loaded, so no row is checked yet), then the rows themselves.
        var query = em.createQuery(jpql.toString(), Object[].class)
                .setMaxResults(q.limit() + 1);
        params.forEach(query::setParameter);
        List<Object[]> positions = query.getResultList();
        List<Object[]> page = positions.size() > q.limit() ? positions.subList(0, q.limit()) : positions;
        List<String> ids = page.stream().map(r -> (String) r[0]).toList();
        java.util.Map<String, PaymentView> views = verifiedViews(ids);
        List<PaymentPage.Entry> items = ids.stream().filter(views::containsKey)
                .map(id -> views.get(id) == null ? PaymentPage.Entry.quarantined(id) : PaymentPage.Entry.of(views.get(id)))
                .toList();
        if (positions.size() <= q.limit()) {
            return new PaymentPage(items, null);
        }
        Object[] last = page.get(page.size() - 1);
        return new PaymentPage(items, new PaymentQuery.Position((Instant) last[1], (String) last[0]));
    }

    /**
     * The views of the rows, by id: null for a row that fails its integrity check. Such a row is
     * quarantined (by the entity listener) and the others are loaded again without it, so one bad
     * row costs its page one more query, not the page.
     */
    private java.util.Map<String, PaymentView> verifiedViews(List<String> ids) {
        java.util.Set<String> failed = new java.util.HashSet<>();
        while (true) {
            List<String> load = ids.stream().filter(id -> !failed.contains(id)).toList();
            try {
                java.util.Map<String, PaymentView> views = new java.util.HashMap<>();
                failed.forEach(id -> views.put(id, null));
                verified.views(load).forEach(v -> views.put(v.id(), v));
                return views;
            } catch (RuntimeException e) {
                IntegrityViolationException violation = integrityViolation(e);
                if (violation == null || !load.contains(violation.id()) || !failed.add(violation.id())) {
                    throw e;
                }
            }
        }
    }

    private static IntegrityViolationException integrityViolation(Throwable t) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof IntegrityViolationException iv) {
                return iv;
            }
        }
        return null;
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public java.security.PublicKey receiptPublicKey() {
        return signer.publicKey();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Receipt> receipt(String paymentId) {
        Payment p = em.find(Payment.class, paymentId);
        if (p == null) {
            return Optional.empty();
        }
        try {
            return receipts.read(p.getReceiptKey()).map(doc -> new Receipt(p.getId(), p.getReceiptKey(), doc,
                    receipts.read(ReceiptStore.signatureKey(p.getReceiptKey()))
                            .map(sig -> new String(sig, java.nio.charset.StandardCharsets.US_ASCII)).orElse(null)));
        } catch (io.steadfast.vault.api.VaultException e) {
            if (e.reason() != io.steadfast.vault.api.VaultException.Reason.UNRECOVERABLE) {
                throw e;
            }
            // The receipt (or its signature) is lost on every disk: an operator's problem, named as such.
            ReceiptLogger.LOG.receiptUnreadable(p.getId(), p.getReceiptKey(), e.getMessage());
            throw new io.steadfast.payment.application.ReceiptUnreadableException(p.getId(), e);
        }
    }

}
