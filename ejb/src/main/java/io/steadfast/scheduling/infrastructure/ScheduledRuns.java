package io.steadfast.scheduling.infrastructure;

import io.steadfast.configuration.Settings;
import jakarta.ejb.Stateless;
import jakarta.ejb.Timer;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Makes a scheduled task run once per fire in the whole cluster. Every node keeps its own
 * (non-persistent) timer on the task's schedule, so the task still runs when any node is down,
 * and the first node to claim a fire runs it: the claim moves the task's {@code last_fire}
 * forward in the shared database, in a transaction of its own, and the row's lock lets only one
 * node move it to a given fire. The others find it taken and skip it.
 *
 * <p>A fire is named by the timer's next timeout: all nodes' timers on one schedule have the same
 * next timeout while they handle one fire, even when one of them fires late.
 *
 * <p>Why not a persistent, cluster-wide EJB timer: WildFly's distributable timer service creates
 * an annotation's timer once for the cluster, but a timer created from a property (the janitor's
 * schedule) anew at every start of every node; and a timer owned by a node that dies moves only
 * once the cluster has a new view and has rebalanced. Here the next fire after a node dies runs
 * on a node that is alive, and the row tells an operator where and when each task last ran.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ScheduledRuns {

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    /** Claims the fire that {@code timer} is handling now for {@code task}; true when this node runs it. */
    public boolean claim(String task, Timer timer) {
        return claim(task, timer.getNextTimeout().toInstant(), Instant.now());
    }

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

    /** This node's name, as the transaction manager knows it. */
    static String node() {
        return Settings.nodeId();
    }
}
