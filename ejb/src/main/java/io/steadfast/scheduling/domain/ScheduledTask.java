package io.steadfast.scheduling.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A scheduled task (migration V5): the fire it last ran for, the node that ran it, when, and how
 * many runs so far. Moved forward by {@link io.steadfast.scheduling.infrastructure.ScheduledRuns#claim},
 * one fire at a time, with a bulk update, and back only by
 * {@link io.steadfast.scheduling.infrastructure.ScheduledRuns#forgetClaimAfter} (a claim of a longer
 * schedule, when the timers are made); never loaded and changed as an entity.
 */
@Entity
@Table(name = "scheduled_task")
public class ScheduledTask {

    @Id
    @Column(name = "name", length = 64)
    private String name;

    @Column(name = "last_fire", nullable = false)
    private Instant lastFire;

    @Column(name = "last_node", length = 64, nullable = false)
    private String lastNode;

    @Column(name = "last_run_at", nullable = false)
    private Instant lastRunAt;

    @Column(name = "runs", nullable = false)
    private long runs;

    protected ScheduledTask() {
    }

    public String getName() {
        return name;
    }

    public Instant getLastFire() {
        return lastFire;
    }

    public String getLastNode() {
        return lastNode;
    }

    public Instant getLastRunAt() {
        return lastRunAt;
    }

    public long getRuns() {
        return runs;
    }
}
