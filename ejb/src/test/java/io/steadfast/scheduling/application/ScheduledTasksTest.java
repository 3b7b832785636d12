package io.steadfast.scheduling.application;

import io.steadfast.payment.application.internal.IdempotencyJanitor;
import io.steadfast.payment.application.internal.PaymentJanitor;
import io.steadfast.scheduling.infrastructure.ScheduledRuns;
import jakarta.ejb.NoSuchObjectLocalException;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerHandle;
import jakarta.ejb.TimerService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moves of the scheduled tasks between nodes, with the timer service, the database claim and
 * the tasks replaced by fakes: the interleavings a cluster test cannot aim at. A fire is named
 * by its timer's next timeout, and a claim only moves a task's last fire forward, as in
 * {@link ScheduledRuns}.
 */
class ScheduledTasksTest {

    private static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2026-11-27T20:00:02Z");
    /** The first timeout of a timer made at NOW on the janitor's 5-second schedule. */
    private static final Instant NEXT = Instant.parse("2026-11-27T20:00:05Z");
    /** The same for the purge, every 15 minutes. */
    private static final Instant PURGE_NEXT = Instant.parse("2026-11-27T20:15:00Z");

    private FakeTimers timers;
    private FakeRuns runs;
    private final List<String> ran = new ArrayList<>();
    private ScheduledTasks tasks;

    @BeforeEach
    void setUp() {
        timers = new FakeTimers();
        runs = new FakeRuns();
        tasks = node(timers, runs);
    }

    private ScheduledTasks node(FakeTimers t, FakeRuns r) {
        ScheduledTasks s = new ScheduledTasks();
        s.timers = t.service();
        s.runs = r;
        s.janitor = new PaymentJanitor() {
            @Override
            public ScheduleExpression schedule() {
                return new ScheduleExpression().second("*/5").minute("*").hour("*");
            }

            @Override
            public int runOnce() {
                ran.add(ScheduledTasks.JANITOR);
                return 0;
            }
        };
        s.purge = new IdempotencyJanitor() {
            @Override
            public int purgeExpired() {
                ran.add(ScheduledTasks.PURGE);
                return 0;
            }
        };
        s.mode = ScheduledTasks.Mode.SINGLETON;
        s.clock = Clock.fixed(t.now, ZoneOffset.UTC);
        return s;
    }

    @Test
    void aTakeoverRunsTheFireTheDeadNodeMissedBeforeItsOwnTimerCanClaimTheNext() {
        runs.last.put(ScheduledTasks.JANITOR, NEXT.minus(PERIOD)); // the dead node ran the fire before last, not the last
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);            // the purge's last fire did run

        tasks.takeOver();

        assertThat(runs.last).as("the missed fire is claimed at the takeover").containsEntry(ScheduledTasks.JANITOR, NEXT);
        FakeTimer catchUp = timers.single(ScheduledTasks.CatchUp.class);
        assertThat(((ScheduledTasks.CatchUp) catchUp.info).task()).isEqualTo(ScheduledTasks.JANITOR);
        // The new timer's first fire comes before the catch-up runs, and claims its own name.
        timers.fire(tasks, timers.calendar(ScheduledTasks.JANITOR), NEXT.plus(PERIOD));
        timers.fire(tasks, catchUp, null);
        assertThat(ran).containsExactly(ScheduledTasks.JANITOR, ScheduledTasks.JANITOR);
        assertThat(runs.claims).as("one claim per fire, none refused for the janitor").isEqualTo(2);
    }

    @Test
    void aFireTheHolderRanIsNotCaughtUpAgain() {
        runs.last.put(ScheduledTasks.JANITOR, NEXT);
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);

        tasks.takeOver();

        assertThat(timers.all).noneMatch(t -> t.info instanceof ScheduledTasks.CatchUp);
        assertThat(timers.all).extracting(t -> t.info).containsExactlyInAnyOrder(ScheduledTasks.JANITOR, ScheduledTasks.PURGE);
    }

    @Test
    void afterAHandOverADueFireClaimsNothingAndAClaimedCatchUpStillRuns() {
        runs.last.put(ScheduledTasks.JANITOR, NEXT.minus(PERIOD));
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);
        tasks.takeOver();
        FakeTimer calendar = timers.calendar(ScheduledTasks.JANITOR);
        FakeTimer catchUp = timers.single(ScheduledTasks.CatchUp.class);

        tasks.handOver();

        assertThat(calendar.cancelled).isTrue();
        assertThat(catchUp.cancelled).as("the claimed catch-up is that fire's one run").isFalse();
        calendar.cancelled = false; // a fire that began before the cancel, and reads its timer first
        timers.fire(tasks, calendar, NEXT.plus(PERIOD));
        assertThat(runs.last).as("not claimed: the next holder runs it").containsEntry(ScheduledTasks.JANITOR, NEXT);
        timers.fire(tasks, catchUp, null);
        assertThat(ran).containsExactly(ScheduledTasks.JANITOR);
    }

    @Test
    void theNextHolderCatchesUpWhatAHandOverLeft() {
        runs.last.put(ScheduledTasks.JANITOR, NEXT);
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);
        tasks.takeOver();
        tasks.handOver(); // the fire at NEXT (named NEXT + PERIOD) is due during the move, and no node claims it

        FakeTimers other = new FakeTimers();
        other.now = NEXT.plusMillis(300);
        ScheduledTasks next = node(other, runs);
        next.takeOver();

        assertThat(runs.last).containsEntry(ScheduledTasks.JANITOR, NEXT.plus(PERIOD));
        other.fire(next, other.single(ScheduledTasks.CatchUp.class), null);
        assertThat(ran).containsExactly(ScheduledTasks.JANITOR);
    }

    @Test
    void aServerInLocalModeIgnoresTheSingletonDeployment() {
        tasks.start(ScheduledTasks.Mode.LOCAL);
        List<FakeTimer> made = List.copyOf(timers.all);

        tasks.takeOver();
        tasks.handOver();

        assertThat(timers.all).isEqualTo(made);
        assertThat(made).noneMatch(t -> t.cancelled).hasSize(2);
    }

    @Test
    void aTakeoverMakesOnlyTheTimerThatIsMissing() {
        runs.last.put(ScheduledTasks.JANITOR, NEXT);
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);
        tasks.takeOver();
        timers.calendar(ScheduledTasks.PURGE).cancelled = true; // lost, say, to a failed handOver
        tasks.handOver();
        timers.calendar(ScheduledTasks.JANITOR).cancelled = false; // its cancel failed

        tasks.takeOver();

        assertThat(timers.all.stream().filter(t -> !t.cancelled && t.calendar)).extracting(t -> t.info)
                .containsExactlyInAnyOrder(ScheduledTasks.JANITOR, ScheduledTasks.PURGE);
    }

    @Test
    void aClaimOfALongerScheduleIsForgottenWhenTheTimersAreMade() {
        runs.last.put(ScheduledTasks.JANITOR, NOW.plus(Duration.ofHours(1))); // named by an hourly schedule's next fire, before a restart
        runs.ranAt.put(ScheduledTasks.JANITOR, NOW.minus(Duration.ofMinutes(10)));
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);

        tasks.start(ScheduledTasks.Mode.LOCAL);

        assertThat(runs.last).as("the janitor's claim is forgotten, the purge's kept").containsEntry(ScheduledTasks.JANITOR, NOW)
                .containsEntry(ScheduledTasks.PURGE, PURGE_NEXT);
        timers.fire(tasks, timers.calendar(ScheduledTasks.JANITOR), NEXT.plus(PERIOD));
        assertThat(ran).as("the first fire of the 5-second schedule runs, not the one after an hour").containsExactly(ScheduledTasks.JANITOR);
    }

    @Test
    void aTakeoverThatForgetsALongerSchedulesClaimCatchesNothingUp() {
        // The janitor was hourly: its last run, ten minutes ago, claimed the fire an hour ahead.
        // Whether that run stood for the new schedule's fire before the timer's first is not
        // known, so that fire is not run again.
        runs.last.put(ScheduledTasks.JANITOR, NOW.plus(Duration.ofHours(1)));
        runs.ranAt.put(ScheduledTasks.JANITOR, NOW.minus(Duration.ofMinutes(10)));
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);

        tasks.takeOver();

        assertThat(timers.all).as("no catch-up after a forget").noneMatch(t -> t.info instanceof ScheduledTasks.CatchUp);
        assertThat(runs.last).containsEntry(ScheduledTasks.JANITOR, NOW);
        timers.fire(tasks, timers.calendar(ScheduledTasks.JANITOR), NEXT.plus(PERIOD));
        assertThat(ran).as("the new schedule's first fire runs").containsExactly(ScheduledTasks.JANITOR);
    }

    @Test
    void aClaimWithinTheClockMarginIsKept() {
        Instant skewed = NEXT.plus(ScheduledTasks.CLOCK_MARGIN); // a node on the same schedule whose clock runs ahead
        runs.last.put(ScheduledTasks.JANITOR, skewed);
        runs.last.put(ScheduledTasks.PURGE, PURGE_NEXT);

        tasks.takeOver();

        assertThat(runs.last).containsEntry(ScheduledTasks.JANITOR, skewed);
        timers.fire(tasks, timers.calendar(ScheduledTasks.JANITOR), NEXT.plus(PERIOD));
        assertThat(ran).as("that fire was claimed already").isEmpty();
    }

    @Test
    void aClaimJustMadeByAHolderOnTheSameScheduleIsKeptThoughItIsAPeriodAhead() {
        // A takeover a moment before the purge's fire at 20:15, while the old holder still runs:
        // it fires at 20:15 and claims the name after it, 20:30, 15 minutes past the new timer's
        // first (20:15), just as the new node looks at the row.
        Instant fire = PURGE_NEXT;
        runs.last.put(ScheduledTasks.PURGE, fire.plus(Duration.ofMinutes(15)));
        runs.ranAt.put(ScheduledTasks.PURGE, fire);
        runs.last.put(ScheduledTasks.JANITOR, fire);
        FakeTimers other = new FakeTimers();
        other.now = fire.minusMillis(10);
        ScheduledTasks next = node(other, runs);
        next.clock = Clock.fixed(fire.plusMillis(20), ZoneOffset.UTC);

        next.takeOver();

        assertThat(runs.last).as("kept").containsEntry(ScheduledTasks.PURGE, fire.plus(Duration.ofMinutes(15)));
        other.fire(next, other.calendar(ScheduledTasks.PURGE), fire.plus(Duration.ofMinutes(15)));
        assertThat(ran).as("the old holder ran the fire of 20:15; nobody runs it again").doesNotContain(ScheduledTasks.PURGE);
    }

    /** The claims of {@link ScheduledRuns}: a task's last fire moves forward only, but for a forgotten claim. */
    static final class FakeRuns extends ScheduledRuns {
        final Map<String, Instant> last = new HashMap<>();
        /** When the run that made each task's last claim began (the database's last_run_at). */
        final Map<String, Instant> ranAt = new HashMap<>();
        int claims;

        @Override
        public boolean claim(String task, Instant fire, Instant now) {
            Instant before = last.getOrDefault(task, Instant.EPOCH);
            if (!before.isBefore(fire)) {
                return false;
            }
            last.put(task, fire);
            ranAt.put(task, now);
            if (task.equals(ScheduledTasks.JANITOR)) {
                claims++;
            }
            return true;
        }

        @Override
        public Instant forgetClaimAfter(String task, Instant horizon, Instant ranBefore, Instant now) {
            Instant before = last.get(task);
            boolean other = before != null && before.isAfter(horizon) && ranAt.getOrDefault(task, Instant.EPOCH).isBefore(ranBefore);
            if (other) {
                last.put(task, now);
            }
            return other ? before : null;
        }
    }

    static final class FakeTimer implements Timer {
        final Serializable info;
        final boolean calendar;
        Instant next;
        boolean cancelled;

        FakeTimer(Serializable info, boolean calendar, Instant next) {
            this.info = info;
            this.calendar = calendar;
            this.next = next;
        }

        private void live() {
            if (cancelled) {
                throw new NoSuchObjectLocalException("cancelled");
            }
        }

        @Override
        public void cancel() {
            live();
            cancelled = true;
        }

        @Override
        public long getTimeRemaining() {
            return 0;
        }

        @Override
        public Date getNextTimeout() {
            live();
            if (next == null) {
                throw new IllegalStateException("a single-action timer has no next timeout in its callback");
            }
            return Date.from(next);
        }

        @Override
        public ScheduleExpression getSchedule() {
            return null;
        }

        @Override
        public boolean isPersistent() {
            return false;
        }

        @Override
        public boolean isCalendarTimer() {
            return calendar;
        }

        @Override
        public Serializable getInfo() {
            live();
            return info;
        }

        @Override
        public TimerHandle getHandle() {
            throw new IllegalStateException("non-persistent");
        }
    }

    /** Timers on the janitor's 5-second and the purge's 15-minute schedule, made at {@link #now}. */
    static final class FakeTimers {
        final List<FakeTimer> all = new ArrayList<>();
        Instant now = NOW;

        FakeTimer calendar(String task) {
            return all.stream().filter(t -> t.calendar && t.info.equals(task)).reduce((a, b) -> b).orElseThrow();
        }

        FakeTimer single(Class<?> info) {
            return all.stream().filter(t -> info.isInstance(t.info)).reduce((a, b) -> b).orElseThrow();
        }

        /** The container calling the bean's timeout: a calendar timer's next timeout is the fire after this one. */
        void fire(ScheduledTasks bean, FakeTimer timer, Instant nextTimeout) {
            timer.next = nextTimeout;
            bean.fire(timer);
        }

        /** The bean's view: the three methods it calls; any other is a test that needs more. */
        TimerService service() {
            return (TimerService) Proxy.newProxyInstance(TimerService.class.getClassLoader(), new Class<?>[] {TimerService.class},
                    (proxy, method, args) -> switch (method.getName() + "/" + method.getParameterCount()) {
                        case "createCalendarTimer/2" -> calendarTimer((ScheduleExpression) args[0], (TimerConfig) args[1]);
                        case "createSingleActionTimer/2" -> add(new FakeTimer(((TimerConfig) args[1]).getInfo(), false, null));
                        case "getTimers/0" -> all.stream().filter(t -> !t.cancelled).map(Timer.class::cast).toList();
                        default -> throw new UnsupportedOperationException(method.toString());
                    });
        }

        private Timer calendarTimer(ScheduleExpression schedule, TimerConfig config) {
            long periodSeconds = "*/5".equals(schedule.getSecond()) ? 5 : 900;
            long s = now.getEpochSecond();
            return add(new FakeTimer(config.getInfo(), true, Instant.ofEpochSecond(s - s % periodSeconds + periodSeconds)));
        }

        private Timer add(FakeTimer t) {
            all.add(t);
            return t;
        }
    }
}
