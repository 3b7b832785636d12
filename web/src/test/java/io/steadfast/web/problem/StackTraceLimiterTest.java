package io.steadfast.web.problem;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack trace of a cause is logged once a minute; its repeats are counted, each reference still logged. */
class StackTraceLimiterTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000);
    private final StackTraceLimiter limiter = new StackTraceLimiter(MINUTE, now::get);

    private static StackTraceElement[] at(String... methods) {
        StackTraceElement[] frames = new StackTraceElement[methods.length];
        for (int i = 0; i < methods.length; i++) {
            frames[i] = new StackTraceElement("io.steadfast.Example", methods[i], "Example.java", 10 + i);
        }
        return frames;
    }

    /** The same site every time (the same frames): one cause, whatever the message. */
    private static Throwable databaseDown(String message) {
        Throwable cause = new java.io.IOException("EOF " + message);
        cause.setStackTrace(at("read", "query", "list"));
        Throwable t = new IllegalStateException("connection refused " + message, cause);
        t.setStackTrace(at("wrap", "list", "serve"));
        return t;
    }

    private static Throwable keyStoreMissing() {
        Throwable t = new IllegalStateException("no password");
        t.setStackTrace(at("load", "sealKey", "serve"));
        return t;
    }

    @Test
    void theFirstErrorOfACauseIsLoggedInFullAndItsRepeatsAreCounted() {
        StackTraceLimiter.Decision first = limiter.decide(databaseDown("a"), "ref-1");
        assertThat(first.logStack()).isTrue();
        assertThat(first.suppressed()).isZero();

        for (int i = 2; i <= 1_000; i++) {
            now.addAndGet(MINUTE / 2_000);
            StackTraceLimiter.Decision repeat = limiter.decide(databaseDown("request " + i), "ref-" + i);
            assertThat(repeat.logStack()).isFalse();
            assertThat(repeat.firstReference()).as("where the stack trace is").isEqualTo("ref-1");
            assertThat(repeat.suppressed()).isEqualTo(i - 1);
        }
    }

    @Test
    void aMinuteLaterTheStackIsLoggedAgainWithTheCountOfTheWindowBefore() {
        limiter.decide(databaseDown("x"), "ref-1");
        limiter.decide(databaseDown("x"), "ref-2");
        limiter.decide(databaseDown("x"), "ref-3");
        now.addAndGet(MINUTE - 1);
        assertThat(limiter.decide(databaseDown("x"), "ref-4").logStack()).as("still within the minute").isFalse();

        now.addAndGet(1);
        StackTraceLimiter.Decision again = limiter.decide(databaseDown("x"), "ref-5");
        assertThat(again.logStack()).isTrue();
        assertThat(again.suppressed()).isEqualTo(3);
        assertThat(again.previousReference()).isEqualTo("ref-1");
        StackTraceLimiter.Decision next = limiter.decide(databaseDown("x"), "ref-6");
        assertThat(next.logStack()).isFalse();
        assertThat(next.firstReference()).isEqualTo("ref-5");
        assertThat(next.suppressed()).isEqualTo(1);
    }

    @Test
    void distinctCausesAreLimitedSeparately() {
        assertThat(limiter.decide(databaseDown("x"), "ref-1").logStack()).isTrue();
        assertThat(limiter.decide(keyStoreMissing(), "ref-2").logStack()).isTrue();
        Throwable otherClass = new IllegalArgumentException("other class");
        otherClass.setStackTrace(at("load", "sealKey", "serve"));
        assertThat(limiter.decide(otherClass, "ref-3").logStack()).isTrue();
        assertThat(limiter.decide(databaseDown("y"), "ref-4").logStack()).isFalse();
        assertThat(limiter.decide(keyStoreMissing(), "ref-5").logStack()).isFalse();
    }

    @Test
    void theSignatureIgnoresMessagesButNotClassesOrSites() {
        assertThat(StackTraceLimiter.signature(databaseDown("1"))).isEqualTo(StackTraceLimiter.signature(databaseDown("2")));
        assertThat(StackTraceLimiter.signature(databaseDown("1"))).isNotEqualTo(StackTraceLimiter.signature(keyStoreMissing()));
        Throwable a = new IllegalStateException("same class, other site");
        a.setStackTrace(at("load", "cardKey", "serve"));
        assertThat(StackTraceLimiter.signature(a)).isNotEqualTo(StackTraceLimiter.signature(keyStoreMissing()));
    }

    @Test
    void manyDistinctCausesDoNotGrowWithoutBound() {
        // Causes that differ by class name are generated as distinct throwables with fabricated frames.
        for (int i = 0; i < StackTraceLimiter.MAX_CAUSES * 3; i++) {
            Throwable t = new IllegalStateException();
            t.setStackTrace(new StackTraceElement[] {new StackTraceElement("Gen" + i, "m", "Gen.java", i)});
            assertThat(limiter.decide(t, "ref-" + i).logStack()).isTrue();
        }
        assertThat(limiter.trackedCauses()).isLessThanOrEqualTo(StackTraceLimiter.MAX_CAUSES);
    }

    @Test
    void throughTheMapperAStormOfOneCauseLogsOneStackTraceAndEveryReference() {
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.steadfast.web");
        jul.addHandler(capture);
        try {
            java.util.List<String> references = new java.util.ArrayList<>();
            IllegalStateException storm = new IllegalStateException("storm " + System.nanoTime());
            for (int i = 0; i < 50; i++) {
                String detail = ProblemMapper.problemFor(new jakarta.ejb.EJBException(storm)).detail();
                references.add(detail.replaceAll(".*reference ([0-9a-f-]+).*", "$1"));
            }
            java.util.List<java.util.logging.LogRecord> mine = records.stream()
                    .filter(r -> references.stream().anyMatch(ref -> String.valueOf(r.getMessage()).contains(ref)
                            || r.getParameters() != null && java.util.Arrays.asList(r.getParameters()).contains(ref)))
                    .toList();
            assertThat(mine).as("one line per 500").hasSize(50);
            assertThat(mine.stream().filter(r -> r.getThrown() != null)).as("stack traces").hasSize(1);
        } finally {
            jul.removeHandler(capture);
        }
    }
}
