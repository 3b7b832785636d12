package io.steadfast.scheduling.infrastructure;

import io.steadfast.configuration.Settings;
import io.steadfast.scheduling.domain.ScheduledTask;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Makes a scheduled task run once per fire in the whole cluster, whatever number of nodes hold its
 * timer at that moment. The timers are on one node ({@link io.steadfast.scheduling.application.ScheduledTasks},
 * moved by WildFly's HA singleton deployment), but while the singleton moves two nodes may hold
 * them for a moment; the claim lets only one of them run a fire: it moves the task's
 * {@code last_fire} forward in the shared database, in a transaction of its own, and the row's
 * lock lets only one node move it to a given fire. The others find it taken and skip it.
 *
 * <p>A fire is named by the timer's next timeout: the same on every node's timer on one schedule
 * while it handles one fire, even one that fires late.
 *
 * <p>The row also tells an operator where and when each task last ran, and how often.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ScheduledRuns {

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    /** Claims {@code fire} of {@code task} at {@code now}; true when this node moved the task to it. */
    public boolean claim(String task, Instant fire, Instant now) {
        Instant at = fire.truncatedTo(ChronoUnit.MICROS);
        int moved = em.createQuery("update ScheduledTask t set t.lastFire = :fire, t.lastNode = :node, t.lastRunAt = :now, t.runs = t.runs + 1"
                        + " where t.name = :task and t.lastFire < :fire")
                .setParameter("fire", at)
                .setParameter("node", node())
                .setParameter("now", now.truncatedTo(ChronoUnit.MICROS))
                .setParameter("task", task)
                .executeUpdate();
        return moved == 1;
    }

    /**
     * Forgets a claim of {@code task} on another schedule: a last fire after {@code horizon}
     * whose run began before {@code ranBefore}. It moves the task's last fire back to
     * {@code now} and returns the fire it forgot (null when it kept the row as it was).
     *
     * <p>Claims only move forward, and a fire is named by its timer's next timeout, so a node on
     * the same schedule as a timer made now names no fire later than that timer's second
     * timeout, and that one only in the run it begins at the first (a holder firing while the
     * singleton moves). So a claim later than the caller's horizon whose run is older than the
     * caller's {@code ranBefore} was made on another schedule: a longer one, before
     * {@code steadfast.janitor.schedule} was shortened across a restart, or on a clock that was
     * later set back. Left there, it would refuse every fire of the new schedule until that time
     * had passed. The row is locked from the look to the update, so a claim made meanwhile is
     * never the one forgotten.
     */
    public Instant forgetClaimAfter(String task, Instant horizon, Instant ranBefore, Instant now) {
        List<ScheduledTask> rows = em.createQuery("select t from ScheduledTask t where t.name = :task", ScheduledTask.class)
                .setParameter("task", task)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (rows.isEmpty() || !rows.get(0).getLastFire().isAfter(horizon) || !rows.get(0).getLastRunAt().isBefore(ranBefore)) {
            return null;
        }
        Instant forgotten = rows.get(0).getLastFire();
        // The same test again in the update: what the lock guarantees, checked where it is written.
        int moved = em.createQuery("update ScheduledTask t set t.lastFire = :now"
                        + " where t.name = :task and t.lastFire > :horizon and t.lastRunAt < :ranBefore")
                .setParameter("now", now.truncatedTo(ChronoUnit.MICROS))
                .setParameter("task", task)
                .setParameter("horizon", horizon.truncatedTo(ChronoUnit.MICROS))
                .setParameter("ranBefore", ranBefore.truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
        return moved == 1 ? forgotten : null;
    }

    /** This node's name, as the transaction manager knows it. */
    static String node() {
        return Settings.nodeId();
    }
}
