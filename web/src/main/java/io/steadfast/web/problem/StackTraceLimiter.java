package io.steadfast.web.problem;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides whether an unexpected error's stack trace is worth logging: the first error of each
 * distinct cause in a window (a minute) is logged in full, the repeats only as one short line
 * each, counted. A storm of identical failures (a missing key store, a dead database) then
 * writes one stack trace a minute instead of one per request, and every reference a client got
 * is still in the log.
 *
 * <p>A cause is identified by the exception classes along the cause chain and the top frames of
 * each, not by messages, which often carry ids that differ on every request.
 */
final class StackTraceLimiter {

    /** Frames per throwable that go into a cause's signature. */
    static final int FRAMES = 5;
    /** Distinct causes tracked at once; past this the expired ones are dropped, then all. */
    static final int MAX_CAUSES = 1_000;

    private static final StackTraceLimiter PER_MINUTE = new StackTraceLimiter(java.util.concurrent.TimeUnit.MINUTES.toNanos(1), System::nanoTime);

    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param windowNanos how long after a full stack trace its repeats are only counted
     * @param nanoClock   monotonic time in nanoseconds, {@link System#nanoTime} in production
     */
    StackTraceLimiter(long windowNanos, LongSupplier nanoClock) {
        this.windowNanos = windowNanos;
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    /**
     * What to log for an error answered with {@code reference}.
     *
     * @return a full decision (log the stack; {@code suppressed} repeats were counted in the
     * window just closed), or a short one ({@code suppressed} repeats so far in this window,
     * this one included; the stack trace is under {@code firstReference})
     */
    Decision decide(Throwable error, String reference) {
        String signature = signature(error);
        long now = nanoClock.getAsLong();
        if (windows.size() >= MAX_CAUSES && !windows.containsKey(signature)) {
            windows.values().removeIf(w -> now - w.start >= windowNanos);
            if (windows.size() >= MAX_CAUSES) {
                windows.clear();
            }
        }
        Decision[] out = new Decision[1];
        windows.compute(signature, (k, w) -> {
            if (w == null || now - w.start >= windowNanos) {
                out[0] = w == null ? new Decision(true, reference, 0, null) : new Decision(true, reference, w.suppressed, w.firstReference);
                return new Window(now, reference);
            }
            w.suppressed++;
            out[0] = new Decision(false, w.firstReference, w.suppressed, w.firstReference);
            return w;
        });
        return out[0];
    }

    /** Logs an unexpected error answered as 500 with {@code reference}: in full once per cause and minute, else one line. */
    static void logUnexpected(String reference, Throwable error) {
        PER_MINUTE.log(reference, error);
    }

    void log(String reference, Throwable error) {
        Decision d = decide(error, reference);
        if (!d.logStack()) {
            ProblemLogger.LOG.unexpectedRepeat(reference, error.getClass().getName(), d.firstReference(), d.suppressed());
        } else if (d.suppressed() == 0) {
            ProblemLogger.LOG.unexpected(reference, error);
        } else {
            ProblemLogger.LOG.unexpectedAfterRepeats(reference, d.previousReference(), d.suppressed(), error);
        }
    }

    int trackedCauses() {
        return windows.size();
    }

    /** Exception classes of the cause chain with their top frames. */
    static String signature(Throwable error) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 10; t = t.getCause(), depth++) {
            sb.append(t.getClass().getName()).append('@');
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                sb.append(frames[i].getClassName()).append('.').append(frames[i].getMethodName()).append(':')
                        .append(frames[i].getLineNumber()).append(';');
            }
            sb.append('|');
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    /**
     * @param logStack       whether to log the stack trace
     * @param firstReference the reference under which this cause's stack trace is (or now goes) in the log
     * @param suppressed     with {@code logStack}: repeats counted in the previous window; without: repeats so far in this one
     * @param previousReference with {@code logStack}: the reference of the previous window's stack trace (null if none)
     */
    record Decision(boolean logStack, String firstReference, long suppressed, String previousReference) {
    }

    private static final class Window {
        final long start;
        final String firstReference;
        long suppressed;

        Window(long start, String firstReference) {
            this.start = start;
            this.firstReference = firstReference;
        }
    }
}
