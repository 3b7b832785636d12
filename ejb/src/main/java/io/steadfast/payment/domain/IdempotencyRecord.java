package io.steadfast.payment.domain;

import io.steadfast.integrity.domain.CanonicalEncoder;
import io.steadfast.integrity.domain.SealedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * A client's Idempotency-Key, written in the same XA transaction as the payment it made, with a
 * hash of the request and the full response. While that transaction is open the key's row is
 * locked, so a concurrent request with the same key cannot make a second payment; once it has
 * committed, a retry gets the stored response back. Kept at least the retention period, then
 * purged by {@code IdempotencyJanitor}.
 */
@Entity
@Table(name = IdempotencyRecord.TABLE)
@NamedQuery(name = "IdempotencyRecord.purgeBefore", query = "delete from IdempotencyRecord r where r.createdAt < :cutoff")
public class IdempotencyRecord extends SealedEntity {

    /** The table's name, as the database reports it in a key violation (case aside). */
    public static final String TABLE = "idempotency_record";

    @Id
    @Column(name = "idempotency_key", length = 255)
    private String key;

    @Column(name = "request_hash", nullable = false, length = 64)
    private String requestHash;

    @Column(name = "payment_id", nullable = false, length = 36)
    private String paymentId;

    @Column(name = "amount_minor", nullable = false)
    private long amountMinor;

    @Column(name = "response_status", nullable = false)
    private int responseStatus;

    // Long text, not @Lob: Hibernate maps a @Lob String to a large object (oid) on PostgreSQL,
    // which its driver refuses to write inside an XA branch ("Large Objects may not be used in
    // auto-commit mode") and which a deleted row would leave behind. LONG32VARCHAR is text on
    // PostgreSQL and still clob on H2.
    @JdbcTypeCode(SqlTypes.LONG32VARCHAR)
    @Column(name = "response_body", nullable = false)
    private String responseBody;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;


    protected IdempotencyRecord() {
    }

    public IdempotencyRecord(String key, String requestHash, String paymentId, long amountMinor, int responseStatus,
                             String responseBody, Instant createdAt) {
        this.key = key;
        this.requestHash = requestHash;
        this.paymentId = paymentId;
        this.amountMinor = amountMinor;
        this.responseStatus = responseStatus;
        this.responseBody = responseBody;
        this.createdAt = createdAt;
    }

    @Override
    public String integrityId() {
        return key;
    }

    @Override
    public byte[] canonicalBytes() {
        return new CanonicalEncoder("idempotency/v1").string(key).string(requestHash).string(paymentId).number(amountMinor)
                .number(responseStatus).string(responseBody).number(createdAt.getEpochSecond()).number(createdAt.getNano()).bytes();
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

    /** The final response of a request that spans transactions (a card payment's outcome). */
    public void completeWith(String responseBody) {
        this.responseBody = responseBody;
    }

    public String getKey() {
        return key;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public String getPaymentId() {
        return paymentId;
    }

    public int getResponseStatus() {
        return responseStatus;
    }

    public String getResponseBody() {
        return responseBody;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
