package io.steadfast.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * Which XA transaction wrote a payment's receipt: Narayana's id of the transaction (the name its
 * log store gives it), recorded inside that same transaction. An in-doubt transaction in the log
 * store joins through it to its payment exactly, rather than by time or guesswork. Not money, and
 * not sealed: a row changed by hand can only mislabel an in-doubt transaction on the console,
 * whose participants are always read from the log store itself.
 */
@Entity
@Table(name = "payment_transaction")
public class PaymentTransaction {

    @Id
    @Column(name = "transaction_id", length = 128)
    private String transactionId;

    @Column(name = "payment_id", length = 36, nullable = false)
    private String paymentId;

    @Column(name = "operation", length = 32, nullable = false)
    private String operation;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    protected PaymentTransaction() {
    }

    public PaymentTransaction(String transactionId, String paymentId, String operation, Instant recordedAt) {
        this.transactionId = Objects.requireNonNull(transactionId);
        this.paymentId = Objects.requireNonNull(paymentId);
        this.operation = Objects.requireNonNull(operation);
        this.recordedAt = Objects.requireNonNull(recordedAt);
    }

    public String getTransactionId() {
        return transactionId;
    }

    public String getPaymentId() {
        return paymentId;
    }

    public String getOperation() {
        return operation;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }
}
