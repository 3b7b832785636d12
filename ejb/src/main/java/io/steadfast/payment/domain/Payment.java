package io.steadfast.payment.domain;

import io.steadfast.integrity.domain.CanonicalEncoder;
import io.steadfast.integrity.domain.SealedEntity;
import io.steadfast.payment.infrastructure.EncryptedPanConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Index;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment taken for a storefront order. It is written in the same XA transaction as its receipt
 * in the vault and its {@link IdempotencyRecord}, so after any crash all exist or none does.
 */
@Entity
@Table(name = "payment", indexes = {
        @Index(name = "ix_payment_idempotency_key", columnList = "idempotency_key"),
        // The janitor's search: card payments still waiting for an outcome, oldest first.
        @Index(name = "ix_payment_status_created", columnList = "status, created_at")})
@NamedQuery(name = "Payment.findByIdempotencyKey", query = "select p from Payment p where p.idempotencyKey = :key")
public class Payment extends SealedEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "order_id", nullable = false, length = 64)
    private String orderId;

    @Embedded
    private Money amount;

    // VARCHAR with a check constraint, never H2's native ENUM: after H2 2.2.224 is killed with a
    // transaction open, native ENUM columns read back as ordinals (docs/architecture.md).
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "method", nullable = false, length = 20)
    private PaymentMethod method;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "status", nullable = false, length = 20)
    private PaymentStatus status;

    @Column(name = "captured_minor", nullable = false)
    private long capturedMinor;

    @Column(name = "refunded_minor", nullable = false)
    private long refundedMinor;

    /** The card number, AES-GCM encrypted in its column; never in a response or a log line. */
    @Convert(converter = EncryptedPanConverter.class)
    @Column(name = "card_pan_enc", length = 120)
    private String cardPan;

    /** A stable token of the card number (HMAC), for finding a card's payments without decrypting. */
    @Column(name = "card_token", length = 64)
    private String cardToken;

    @Column(name = "card_masked", length = 19)
    private String cardMasked;

    @Column(name = "capture_on_approval", nullable = false)
    private boolean captureOnApproval;

    @Column(name = "decline_reason", length = 40)
    private String declineReason;

    @Column(name = "gateway_reference", length = 40)
    private String gatewayReference;

    @Column(name = "idempotency_key", nullable = false, length = 255)
    private String idempotencyKey;

    @Column(name = "receipt_key", nullable = false, length = 200)
    private String receiptKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;


    protected Payment() {
    }

    /**
     * A new payment: authorized for {@code amount}, and captured in full too when {@code capture}
     * (a purchase).
     */
    public Payment(String id, String orderId, Money amount, PaymentMethod method, String idempotencyKey, Instant createdAt,
                   boolean capture) {
        this.id = Objects.requireNonNull(id);
        this.orderId = Objects.requireNonNull(orderId);
        this.amount = Objects.requireNonNull(amount);
        this.method = Objects.requireNonNull(method);
        this.idempotencyKey = Objects.requireNonNull(idempotencyKey);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.status = PaymentStateMachine.standard().next(PaymentStateMachine.NEW, capture ? "purchase" : "authorize").orElseThrow();
        this.capturedMinor = capture ? amount.amountMinor() : 0;
        this.receiptKey = receiptKeyFor(id);
    }

    /**
     * A card payment, recorded PENDING before the gateway is asked; {@code capture} says whether an
     * approval captures at once (a purchase) or only authorizes.
     */
    public static Payment pendingCard(String id, String orderId, Money amount, String idempotencyKey, Instant createdAt,
                                      boolean capture, String pan, String panToken) {
        Payment p = new Payment(id, orderId, amount, PaymentMethod.CARD, idempotencyKey, createdAt, false);
        p.status = PaymentStateMachine.standard().next(PaymentStateMachine.NEW, "start").orElseThrow();
        p.captureOnApproval = capture;
        p.cardPan = pan;
        p.cardToken = panToken;
        p.cardMasked = CardNumbers.mask(pan);
        return p;
    }

    /** The gateway approved: authorized, and captured too for a purchase. Returns the amount captured. */
    public long approved(String reference) {
        status = PaymentStateMachine.standard().require(status, captureOnApproval ? "approve-purchase" : "approve-authorize");
        gatewayReference = reference;
        capturedMinor = captureOnApproval ? amount.amountMinor() : 0;
        return capturedMinor;
    }

    public void declined(String reason) {
        status = PaymentStateMachine.standard().require(status, "decline");
        declineReason = reason;
    }

    /**
     * An operator settles a card payment still waiting for its outcome (PENDING, UNKNOWN or
     * NEEDS_OPERATOR) by what the acquirer told them: approved (captured for a purchase) or
     * declined. Returns the amount captured.
     */
    public long settledByOperator(boolean approved, String reference, String declineReason) {
        if (!approved) {
            status = PaymentStateMachine.standard().require(status, "operator-decline");
            this.declineReason = declineReason;
            return 0;
        }
        status = PaymentStateMachine.standard().require(status, captureOnApproval ? "operator-approve-purchase" : "operator-approve-authorize");
        gatewayReference = reference;
        capturedMinor = captureOnApproval ? amount.amountMinor() : 0;
        return capturedMinor;
    }

    /** The gateway did not answer: the outcome is unknown until the janitor asks again. */
    public void outcomeUnknown() {
        status = PaymentStateMachine.standard().require(status, "timeout");
    }

    /** Whether the gateway's outcome is still to be recorded: PENDING or UNKNOWN. */
    public boolean awaitsOutcome() {
        return status == PaymentStatus.PENDING || status == PaymentStatus.UNKNOWN;
    }

    /** The acquirer was asked as often as allowed and the outcome is still unknown: an operator's to settle. */
    public void needsOperator() {
        status = PaymentStateMachine.standard().require(status, "escalate");
    }

    public String getCardMasked() {
        return cardMasked;
    }

    public String getDeclineReason() {
        return declineReason;
    }

    /** Captures {@code amountMinor} of the authorization (all of it when null); the rest is released. */
    public long capture(Long amountMinor) {
        PaymentStatus next = PaymentStateMachine.standard().require(status, "capture");
        long take = amountMinor == null ? amount.amountMinor() : amountMinor;
        if (take <= 0 || take > amount.amountMinor()) {
            throw new IllegalTransitionException(status, "capture", "the amount must be from 1 to the authorized " + amount.amountMinor());
        }
        capturedMinor = take;
        status = next;
        return take;
    }

    /** Releases the authorization without capturing. */
    public void voidAuthorization() {
        status = PaymentStateMachine.standard().require(status, "void");
    }

    /** Refunds {@code amountMinor}; the total refunded never exceeds what was captured. */
    public void refund(long amountMinor) {
        long left = capturedMinor - refundedMinor;
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("a refund must be greater than 0");
        }
        String operation = amountMinor == left ? "refund-full" : "refund-partial";
        PaymentStatus next = PaymentStateMachine.standard().require(status, operation);
        if (amountMinor > left) {
            throw new IllegalTransitionException(status, "refund", "only " + left + " of the captured " + capturedMinor + " is left to refund");
        }
        refundedMinor += amountMinor;
        status = next;
    }

    public long getCapturedMinor() {
        return capturedMinor;
    }

    public long getRefundedMinor() {
        return refundedMinor;
    }

    /** The vault key of a payment's receipt. */
    public static String receiptKeyFor(String paymentId) {
        return "receipt-" + paymentId + ".json";
    }

    @Override
    public String integrityId() {
        return id;
    }

    /** Every field that matters, in a fixed order; the version is left out (it changes on every update). */
    @Override
    public byte[] canonicalBytes() {
        return new CanonicalEncoder("payment/v1").string(id).string(orderId).number(amount.amountMinor()).string(amount.currency())
                .string(method.name()).string(status.name()).number(capturedMinor).number(refundedMinor)
                .string(cardToken).string(cardMasked).number(captureOnApproval ? 1 : 0).string(declineReason).string(gatewayReference)
                .string(idempotencyKey).string(receiptKey)
                .number(createdAt.getEpochSecond()).number(createdAt.getNano()).bytes();
    }

    @Override
    public String amountAttribute() {
        return "amount.amountMinor";
    }

    @Override
    public long protectedAmount() {
        return amount.amountMinor();
    }

    @Override
    public void restoreAmount(long corrected) {
        this.amount = new Money(corrected, amount.currency());
    }

    public String getId() {
        return id;
    }

    public String getOrderId() {
        return orderId;
    }

    public Money getAmount() {
        return amount;
    }

    public PaymentMethod getMethod() {
        return method;
    }

    public PaymentStatus getStatus() {
        return status;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public String getReceiptKey() {
        return receiptKey;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
