package io.steadfast.integrity.infrastructure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row that failed its integrity codes: listed for operators, answered with a problem. */
@Entity
@Table(name = "integrity_quarantine")
@NamedQuery(name = "QuarantinedRow.all", query = "select q from QuarantinedRow q order by q.detectedAt")
public class QuarantinedRow {

    // Wide enough for any protected row's id: an idempotency key may be 255 characters long.
    @Id
    @Column(name = "row_key", length = 320)
    private String key;

    @Column(name = "entity", nullable = false, length = 60)
    private String entity;

    @Column(name = "entity_id", nullable = false, length = 255)
    private String entityId;

    @Column(name = "reason", nullable = false, length = 200)
    private String reason;

    @Column(name = "detected_at", nullable = false)
    private Instant detectedAt;

    protected QuarantinedRow() {
    }

    public QuarantinedRow(String entity, String entityId, String reason, Instant detectedAt) {
        this.key = entity + ":" + entityId;
        this.entity = entity;
        this.entityId = entityId;
        this.reason = reason;
        this.detectedAt = detectedAt;
    }

    public String getEntity() {
        return entity;
    }

    public String getEntityId() {
        return entityId;
    }

    public String getReason() {
        return reason;
    }

    public Instant getDetectedAt() {
        return detectedAt;
    }
}
