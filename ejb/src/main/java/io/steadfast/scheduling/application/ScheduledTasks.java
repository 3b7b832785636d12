package io.steadfast.scheduling.application;

import io.steadfast.configuration.Settings;
import io.steadfast.diagnostics.Causes;
import io.steadfast.payment.application.internal.IdempotencyJanitor;
import io.steadfast.payment.application.internal.PaymentJanitor;
import io.steadfast.scheduling.infrastructure.ScheduledRuns;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.NoSuchObjectLocalException;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The scheduled tasks (the payment janitor, the idempotency purge) and their timers. The timers
 * are non-persistent calendar timers of this bean, and where they exist depends on
 * {@value #MODE}:
 *
 * <ul>
 *   <li>{@code local} (the default, a server alone): this bean makes them when it is deployed.</li>
 *   <li>{@code singleton} (the cluster's nodes, {@code cluster/cluster.sh}): it makes none itself.
 *       The HA singleton deployment {@code steadfast-scheduler.jar}, deployed on every node and
 *       active on one of them at a time (WildFly's singleton subsystem elects it), calls
 *       {@link #takeOver()} when it starts on a node and {@link #handOver()} when it stops there
 *       cleanly. When the active node dies, WildFly starts the singleton deployment on a survivor,
 *       and so the timers with it.</li>
 * </ul>
 *
 * Every fire is still claimed in the shared database first ({@link ScheduledRuns}): while the
 * singleton moves (a node that was taken for dead but still runs, two partitions that each elect
 * one) two nodes may hold the timers for a moment, and the claim lets only one of them run a fire.
 * A node that takes over also runs the one fire the dead node may have missed, if no node has
 * claimed it ({@link #takeOver()}); on a cluster's first start, that is the tasks' first run.
 */
@Singleton
@Startup
@DependsOn("SettingsCheck") // a bad setting stops the deployment there, with every problem named
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScheduledTasks {

    /** The setting: {@code local} or {@code singleton}, where the timers are made (see the class). */
    public static final String MODE = "steadfast.scheduler";
    /** The tasks' names, as in the scheduled_task table (migration V5). */
    static final String JANITOR = "payment-janitor";
    static final String PURGE = "idempotency-purge";
    /** The idempotency purge: every 15 minutes. */
    private static final ScheduleExpression PURGE_SCHEDULE = new ScheduleExpression().second("0").minute("*/15").hour("*");

    /**
     * How far the clocks of two nodes may disagree: a claim up to this much after a new timer's
     * first fire, or one whose run began up to this much before now, may come from a node on the
     * same schedule, and is kept.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    /** Where the timers are made. */
    public enum Mode { LOCAL, SINGLETON }

    /** The fire of {@code task} that a node taking over runs at once, named as that fire's own timer would name it. */
    record CatchUp(String task, Instant fire) implements Serializable {
    }

    @Resource
    TimerService timers;

    @EJB
    ScheduledRuns runs;

    @EJB
    PaymentJanitor janitor;

    @EJB
    IdempotencyJanitor purge;

    /** The node's clock: when a claim was made, and what is recent. */
    Clock clock = Clock.systemUTC();

    /** The mode set in {@code settings}; an unknown value is refused, with the values it takes. */
    public static Mode mode(UnaryOperator<String> settings) {
        String value = Settings.text(settings, MODE, "local");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "local" -> Mode.LOCAL;
            case "singleton" -> Mode.SINGLETON;
            default -> throw new IllegalArgumentException(MODE + " must be local (a server alone) or singleton (a node of a cluster "
                    + "with the HA singleton deployment steadfast-scheduler.jar), not '" + value + "'");
        };
    }

    public static Mode mode() {
        return mode(Settings.current());
    }

    /** True while this node holds the timers for the HA singleton deployment (mode singleton). */
    private boolean held;
    /** The mode, as it was set when this bean was deployed. */
    Mode mode;

    @PostConstruct
    void start() {
        start(mode());
    }

    void start(Mode mode) {
        this.mode = mode;
        if (mode == Mode.LOCAL) {
            startTimers(false, "on this server alone, " + MODE + "=local");
        } else {
            SchedulingLogger.LOG.waiting();
        }
    }

    /**
     * Makes this node the one that runs the tasks: called by the HA singleton deployment when it
     * starts here. Besides the timers, for each task whose last fire before now no node has
     * claimed (the node that had the tasks died before it), a run at once for that fire. In mode
     * local this server runs the tasks already, and a call changes nothing.
     */
    public synchronized void takeOver() {
        if (mode == Mode.LOCAL) {
            SchedulingLogger.LOG.notSingleton("started");
            return;
        }
        held = true;
        startTimers(true, "the HA singleton deployment steadfast-scheduler.jar started here");
    }

    /**
     * Stops the tasks' calendar timers here: called by the HA singleton deployment when it stops
     * on this node. A catch-up this node has claimed but not yet run is left to run: it is that
     * fire's one run, and no other node would make it.
     */
    public void handOver() {
        synchronized (this) {
            if (!held) {
                SchedulingLogger.LOG.notSingleton("stopped");
                return;
            }
            held = false; // from here on a fire that is due here claims nothing
        }
        // Outside the lock: a fire running now may hold it, and a cancel need not wait for it.
        for (Timer timer : timers.getTimers()) {
            try {
                if (timer.getInfo() instanceof String) {
                    timer.cancel();
                }
            } catch (IllegalStateException | NoSuchObjectLocalException e) {
                // expired or cancelled meanwhile: nothing to stop
            }
        }
        SchedulingLogger.LOG.handedOver();
    }

    private synchronized void startTimers(boolean catchUp, String how) {
        Set<Object> running = new HashSet<>();
        for (Timer timer : timers.getTimers()) {
            try {
                running.add(timer.getInfo());
            } catch (IllegalStateException | NoSuchObjectLocalException e) {
                // expired or cancelled meanwhile
            }
        }
        List<String> made = new ArrayList<>();
        for (String task : List.of(JANITOR, PURGE)) {
            if (running.contains(task)) {
                made.add(task + " (its timer runs already)");
                continue;
            }
            ScheduleExpression schedule = task.equals(JANITOR) ? janitor.schedule() : PURGE_SCHEDULE;
            Timer timer = timers.createCalendarTimer(schedule, new TimerConfig(task, false));
            made.add(task + " (" + schedule.getSecond() + " " + schedule.getMinute() + " " + schedule.getHour() + " "
                    + schedule.getDayOfMonth() + " " + schedule.getMonth() + " " + schedule.getDayOfWeek() + ")");
            Instant first = timer.getNextTimeout().toInstant();
            // After a forget, no catch-up: the last claim was the old schedule's, whose run may
            // well have been the fire before this timer's first, and is not run again.
            boolean forgot = forgetClaimOfAnotherSchedule(task, first);
            if (catchUp && !forgot) {
                // The last fire before the timer's first is named by that first timeout. Claimed
                // here, before the new timer's first fire can claim the name after it (which
                // would refuse this one: claims only move forward); fire() waits for this lock.
                Instant missed = first;
                if (claim(task, missed)) {
                    SchedulingLogger.LOG.catchingUp(task, missed.toString());
                    timers.createSingleActionTimer(0, new TimerConfig(new CatchUp(task, missed), false));
                }
            }
        }
        SchedulingLogger.LOG.running(how, String.join(", ", made));
    }

    /**
     * A node on this schedule names no fire later than the second timeout of the timer just made
     * ({@code first} is its first; a fire is named by its timer's next timeout), and that one
     * only in a run it begins at {@code first}: a holder firing while the singleton moves. So a
     * claim later than {@code first} whose run began before now, each give or take clocks that
     * disagree ({@link #CLOCK_MARGIN}), was made on another schedule, and would refuse every fire
     * of this one until its time: it is forgotten (logged). The second timeout itself is not
     * known here (the timer service computes only the next), hence the test on the run's start.
     * True when a claim was forgotten.
     */
    private boolean forgetClaimOfAnotherSchedule(String task, Instant first) {
        try {
            Instant now = clock.instant();
            Instant forgotten = runs.forgetClaimAfter(task, first.plus(CLOCK_MARGIN), now.minus(CLOCK_MARGIN), now);
            if (forgotten != null) {
                SchedulingLogger.LOG.claimForgotten(task, forgotten.toString(), first.toString());
                return true;
            }
        } catch (RuntimeException e) {
            logFailure(task, e);
        }
        return false;
    }

    /** Claims {@code fire} of {@code task} for this node; false when another node has it, or the claim failed (logged). */
    private boolean claim(String task, Instant fire) {
        try {
            return runs.claim(task, fire, clock.instant());
        } catch (RuntimeException e) {
            logFailure(task, e);
            return false;
        }
    }

    @Timeout
    void fire(Timer timer) {
        // Read from the timer once, first: handOver may cancel it from here on.
        Object info;
        Instant fire;
        try {
            info = timer.getInfo();
            fire = info instanceof CatchUp ? null : timer.getNextTimeout().toInstant();
        } catch (IllegalStateException | NoSuchObjectLocalException e) {
            return; // a calendar timer cancelled by a handOver before this fire began: unclaimed, so the next holder runs it
        }
        String task;
        if (info instanceof CatchUp catchUp) {
            task = catchUp.task(); // claimed by takeOver already
        } else {
            task = (String) info;
            // Named by the next timeout: the same on every node for one fire, even one that fires late.
            synchronized (this) { // after a takeOver's claims, and never after a handOver
                if (mode == Mode.SINGLETON && !held || !claim(task, fire)) {
                    return; // handed over, or another node ran this fire
                }
            }
        }
        try {
            if (task.equals(JANITOR)) {
                janitor.runOnce();
            } else {
                purge.purgeExpired();
            }
        } catch (RuntimeException e) {
            logFailure(task, e);
        }
    }

    private static void logFailure(String task, RuntimeException e) {
        Throwable cause = Causes.root(e);
        SchedulingLogger.LOG.failed(task, cause.getClass().getName(), cause.getMessage());
    }
}
