package io.steadfast.payment.domain;

import io.steadfast.integrity.domain.CanonicalEncoder;
import io.steadfast.integrity.domain.SealedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One side of a double-entry movement of money: every movement writes entries that sum to zero
 * per currency (a debit is positive, a credit negative), in the same transaction as the payment
 * state change that caused it.
 */
@Entity
@Table(name = "ledger_entry", indexes = @Index(name = "ix_ledger_payment", columnList = "payment_id"))
public class LedgerEntry extends SealedEntity {

    /** Accounts money moves between. */
    public static final String ACQUIRER_RECEIVABLE = "acquirer:receivable";
    public static final String MERCHANT_PAYABLE = "merchant:payable";

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "payment_id", nullable = false, length = 36)
    private String paymentId;

    @Column(name = "movement", nullable = false, length = 20)
    private String movement;

    @Column(name = "account", nullable = false, length = 40)
    private String account;

    @Column(name = "currency", nullable = false, length = 3)
    private String currency;

    @Column(name = "amount_minor", nullable = false)
    private long amountMinor;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;


    protected LedgerEntry() {
    }

    public LedgerEntry(String id, String paymentId, String movement, String account, String currency, long amountMinor, Instant createdAt) {
        this.id = id;
        this.paymentId = paymentId;
        this.movement = movement;
        this.account = account;
        this.currency = currency;
        this.amountMinor = amountMinor;
        this.createdAt = createdAt;
    }

    @Override
    public String integrityId() {
        return id;
    }

    @Override
    public byte[] canonicalBytes() {
        return new CanonicalEncoder("ledger/v1").string(id).string(paymentId).string(movement).string(account).string(currency)
                .number(amountMinor).number(createdAt.getEpochSecond()).number(createdAt.getNano()).bytes();
    }

    @Override
    public String amountAttribute() {
        return "amountMinor";
    }

    @Override
    public long protectedAmount() {
        return amountMinor;
    }

    @Override
    public void restoreAmount(long amount) {
        this.amountMinor = amount;
    }

    public String getPaymentId() {
        return paymentId;
    }

    public String getMovement() {
        return movement;
    }

    public String getAccount() {
        return account;
    }

    public String getCurrency() {
        return currency;
    }

    public long getAmountMinor() {
        return amountMinor;
    }
}
