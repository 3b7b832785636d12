package io.steadfast.operations.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One operator action, as the audit trail keeps it: who, when, what, on what, why, the state
 * before and after, and the link of the hash chain ({@link AuditChain}). Append-only: the
 * application never updates or deletes an entry, and any change made behind its back breaks the
 * chain at that entry.
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {

    @Id
    @Column(name = "seq")
    private long seq;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    @Column(name = "actor", length = 100, nullable = false)
    private String actor;

    @Column(name = "action", length = 64, nullable = false)
    private String action;

    @Column(name = "target", length = 200, nullable = false)
    private String target;

    @Column(name = "reason", length = 500, nullable = false)
    private String reason;

    @Column(name = "before_state", length = 4000)
    private String beforeState;

    @Column(name = "after_state", length = 4000)
    private String afterState;

    @Column(name = "mac", length = 64, nullable = false)
    private String mac;

    protected AuditEntry() {
    }

    public AuditEntry(long seq, Instant recordedAt, String actor, String action, String target, String reason,
                      String beforeState, String afterState, String mac) {
        this.seq = seq;
        this.recordedAt = recordedAt;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.reason = reason;
        this.beforeState = beforeState;
        this.afterState = afterState;
        this.mac = mac;
    }

    public long getSeq() {
        return seq;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getReason() {
        return reason;
    }

    public String getBeforeState() {
        return beforeState;
    }

    public String getAfterState() {
        return afterState;
    }

    public String getMac() {
        return mac;
    }
}
