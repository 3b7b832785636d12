package io.steadfast.operations.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The audit chain's last link (one row, id 1): its sequence number and MAC. Every append locks it,
 * so concurrent operator actions (on one node or several) form one chain without gaps or forks.
 */
@Entity
@Table(name = "audit_head")
public class AuditHead {

    public static final int ID = 1;

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "seq", nullable = false)
    private long seq;

    @Column(name = "mac", length = 64, nullable = false)
    private String mac;

    protected AuditHead() {
    }

    public long getSeq() {
        return seq;
    }

    public String getMac() {
        return mac;
    }

    /** Moves the head to the entry just appended. */
    public void advance(long seq, String mac) {
        this.seq = seq;
        this.mac = mac;
    }
}
