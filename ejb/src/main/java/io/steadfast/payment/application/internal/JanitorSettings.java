package io.steadfast.payment.application.internal;

import io.steadfast.configuration.Settings;
import jakarta.ejb.ScheduleExpression;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The payment janitor's settings, read through {@link Settings} (the server's property file):
 *
 * <ul>
 *   <li>{@value #SCHEDULE} ({@value #DEFAULT_SCHEDULE}): when it runs, as the six fields of an EJB
 *       calendar schedule, {@code second minute hour dayOfMonth month dayOfWeek};</li>
 *   <li>{@value #THRESHOLD} (120): how old a PENDING or UNKNOWN payment must be before it is
 *       touched, longer than any live request takes to reach the gateway and hear back;</li>
 *   <li>{@value #MAX_ATTEMPTS} (5): how often the acquirer is asked before an operator takes over;</li>
 *   <li>{@value #BACKOFF} (60) and {@value #BACKOFF_MAX} (3600): the wait after the first unknown
 *       answer, doubled after each further one, never more than the cap.</li>
 * </ul>
 *
 * @param schedule  the calendar schedule of the timer
 * @param threshold the age before a payment is touched
 * @param maxAttempts questions to the acquirer before NEEDS_OPERATOR
 * @param backoff   the first wait
 * @param backoffMax the longest wait
 */
public record JanitorSettings(String schedule, Duration threshold, int maxAttempts, Duration backoff, Duration backoffMax) {

    static final String SCHEDULE = "steadfast.janitor.schedule";
    static final String THRESHOLD = "steadfast.janitor.threshold-seconds";
    static final String MAX_ATTEMPTS = "steadfast.janitor.max-attempts";
    static final String BACKOFF = "steadfast.janitor.backoff-seconds";
    static final String BACKOFF_MAX = "steadfast.janitor.backoff-max-seconds";
    static final String DEFAULT_SCHEDULE = "0 * * * * *";

    /** What the janitor does after an answer that is still unknown. */
    record AfterUnknown(int attempts, boolean escalate, Instant nextAttemptAt) {
    }

    public JanitorSettings {
        scheduleExpression(schedule); // refuses a malformed one
        if (threshold.isNegative() || maxAttempts < 1 || backoff.isNegative() || backoff.isZero() || backoffMax.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("janitor settings out of range: " + THRESHOLD + " >= 0, " + MAX_ATTEMPTS + " >= 1, "
                    + BACKOFF + " >= 1 and " + BACKOFF_MAX + " >= " + BACKOFF + " (got " + threshold.toSeconds() + ", " + maxAttempts + ", "
                    + backoff.toSeconds() + ", " + backoffMax.toSeconds() + ")");
        }
    }

    /** The settings now ({@link Settings}). */
    public static JanitorSettings current() {
        return from(Settings.current());
    }

    /** The settings from {@code properties} (null for a missing one), or an exception naming the bad property. */
    static JanitorSettings from(UnaryOperator<String> properties) {
        String schedule = properties.apply(SCHEDULE);
        return new JanitorSettings(schedule == null ? DEFAULT_SCHEDULE : schedule.trim(),
                Duration.ofSeconds(number(properties, THRESHOLD, 120)), (int) number(properties, MAX_ATTEMPTS, 5),
                Duration.ofSeconds(number(properties, BACKOFF, 60)), Duration.ofSeconds(number(properties, BACKOFF_MAX, 3600)));
    }

    private static long number(UnaryOperator<String> properties, String name, long fallback) {
        return Settings.wholeNumber(properties, name, fallback, 0, Integer.MAX_VALUE);
    }

    /** The six fields {@code second minute hour dayOfMonth month dayOfWeek} as a calendar schedule. */
    static ScheduleExpression scheduleExpression(String schedule) {
        String[] f = schedule == null ? new String[0] : schedule.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException(SCHEDULE + " must have six fields, second minute hour dayOfMonth month dayOfWeek "
                    + "(e.g. '" + DEFAULT_SCHEDULE + "', every minute), not '" + schedule + "'");
        }
        return new ScheduleExpression().second(f[0]).minute(f[1]).hour(f[2]).dayOfMonth(f[3]).month(f[4]).dayOfWeek(f[5]);
    }

    ScheduleExpression scheduleExpression() {
        return scheduleExpression(schedule);
    }

    /** The wait after the {@code attempts}-th unknown answer: backoff, doubled each time, capped. */
    Duration backoffAfter(int attempts) {
        Duration wait = backoff;
        for (int i = 1; i < attempts && wait.compareTo(backoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }

    /** After an unknown answer at {@code now} to a payment asked {@code attemptsBefore} times before. */
    AfterUnknown afterUnknown(int attemptsBefore, Instant now) {
        int attempts = attemptsBefore + 1;
        return new AfterUnknown(attempts, attempts >= maxAttempts, now.plus(backoffAfter(attempts)));
    }
}
