package io.steadfast.bench.e2e;

import io.steadfast.bench.LoadDriver;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long run at a steady rate (open loop) that watches the server's heap after a full collection,
 * its HTTP sessions, Narayana's transaction logs and the idempotency records once a minute, and
 * says whether each holds steady.
 */
final class Soak {

    /** One look at the server. */
    record Look(double minute, long heapUsed, long heapCommitted, long sessions, int txLogs, long idempotencyRecords, long payments) {
    }

    private static final long MIB = 1024 * 1024;
    private final WildFlyServer server;
    private final int minutes;
    private final int rate;
    private final PrintStream log;

    Soak(WildFlyServer server, int minutes, int rate, PrintStream log) {
        this.server = server;
        this.minutes = minutes;
        this.rate = rate;
        this.log = log;
    }

    String run() throws Exception {
        List<Look> looks = new ArrayList<>();
        long start = System.nanoTime();
        looks.add(look(start));
        Map<String, Long> classesBefore = histogram();
        log.printf(Locale.ROOT, "Soak: %d minutes at %d payments/s (open loop), a look at the server every minute%n", minutes, rate);
        Thread watcher = new Thread(() -> {
            for (int m = 1; m <= minutes; m++) {
                long due = start + TimeUnit.MINUTES.toNanos(m);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait); // the next minute's look is due then, not a synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                try {
                    Look l = look(start);
                    synchronized (looks) {
                        looks.add(l);
                    }
                    log.printf(Locale.ROOT, "%n  minute %.0f: heap %,d MiB used after GC, %d sessions, %d tx logs, %,d idempotency records%n",
                            l.minute(), l.heapUsed() / MIB, l.sessions(), l.txLogs(), l.idempotencyRecords());
                } catch (Exception e) {
                    log.println("  (look failed: " + e.getMessage() + ")");
                }
            }
        }, "soak-watcher");
        watcher.setDaemon(true);
        watcher.start();
        LoadDriver.Result r;
        try (LoadDriver d = new LoadDriver(new LoadDriver.Options(server.base.resolve("api/v1/payments"), "open", 1, rate,
                minutes * 60, 0, null), log)) {
            r = d.run();
        }
        watcher.join(TimeUnit.MINUTES.toMillis(2));
        List<Look> all;
        synchronized (looks) {
            all = new ArrayList<>(looks);
        }
        all.add(look(start));
        Map<String, Long> classesAfter = histogram();
        return report(r, all) + (classesBefore == null || classesAfter == null ? "- Live heap by class: not measured (jcmd failed, see above)\n"
                : growth(classesBefore, classesAfter, all.get(all.size() - 1).payments() - all.get(0).payments()));
    }

    /** Live bytes per class, or null (said on the log) when jcmd cannot give them. */
    private Map<String, Long> histogram() {
        try {
            return Attribution.liveBytesByClass(server.process().pid());
        } catch (Exception e) {
            log.println("  (class histogram failed: " + e.getMessage().lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    private Look look(long start) throws Exception {
        WildFlyServer.Snapshot s = server.snapshot();
        String state = server.get("api/v1/baselines");
        return new Look((System.nanoTime() - start) / 6e10, s.heapUsedBytes(), s.heapCommittedBytes(), s.activeSessions(),
                s.transactionLogEntries(), count(state, "IdempotencyRecord"), count(state, "Payment"));
    }

    /** The classes whose live bytes grew most over the run, per payment taken. */
    static String growth(Map<String, Long> before, Map<String, Long> after, long payments) {
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                grown.add(Map.entry(e.getKey(), d));
            }
        }
        grown.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        long total = after.values().stream().mapToLong(Long::longValue).sum() - before.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "- Live heap by class (jcmd GC.class_histogram at the start and the end): %+,.1f MiB in all, %+.0f bytes per payment; "
                        + "grew most:", total / (double) MIB, payments == 0 ? 0.0 : (double) total / payments));
        for (Map.Entry<String, Long> e : grown.subList(0, Math.min(5, grown.size()))) {
            s.append(String.format(Locale.ROOT, " %s %+,.1f MiB (%.0f B/payment);", e.getKey(), e.getValue() / (double) MIB,
                    payments == 0 ? 0.0 : (double) e.getValue() / payments));
        }
        return s.append('\n').toString();
    }

    /** A row count from the state endpoint's JSON ({@code {"rows": {"Payment": 12, ...}}}). */
    static long count(String json, String name) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            JsonObject rows = r.readObject().getJsonObject("rows");
            JsonNumber n = rows == null ? null : rows.getJsonNumber(name);
            if (n == null) {
                throw new IllegalStateException("no " + name + " count in " + json);
            }
            return n.longValueExact();
        } catch (JsonException | ClassCastException e) {
            throw new IllegalStateException("no " + name + " count in " + json + " (" + e.getMessage() + ")");
        }
    }

    /** Least-squares slope of heap after GC, in MiB per minute, over the looks after the first two minutes. */
    static double heapSlope(List<Look> looks) {
        List<Look> steady = looks.stream().filter(l -> l.minute() >= 2).toList();
        if (steady.size() < 3) {
            steady = looks;
        }
        double n = steady.size();
        double mx = steady.stream().mapToDouble(Look::minute).sum() / n;
        double my = steady.stream().mapToDouble(l -> l.heapUsed() / (double) MIB).sum() / n;
        double num = 0;
        double den = 0;
        for (Look l : steady) {
            num += (l.minute() - mx) * (l.heapUsed() / (double) MIB - my);
            den += (l.minute() - mx) * (l.minute() - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private String report(LoadDriver.Result r, List<Look> looks) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Soak: %d minutes at %d payments/s, open loop: %s%n%n", minutes, rate, r.summary()));
        s.append("| minute | heap used after GC | heap committed | HTTP sessions | Narayana tx logs | idempotency records | payments |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Look l : looks) {
            s.append(String.format(Locale.ROOT, "| %.1f | %,d MiB | %,d MiB | %d | %d | %,d | %,d |%n", l.minute(), l.heapUsed() / MIB,
                    l.heapCommitted() / MIB, l.sessions(), l.txLogs(), l.idempotencyRecords(), l.payments()));
        }
        Look first = looks.get(0);
        Look last = looks.get(looks.size() - 1);
        double slope = heapSlope(looks);
        double growth = slope * (last.minute() - Math.min(2, last.minute()));
        boolean heapSteady = growth <= Math.max(16, 0.10 * first.heapUsed() / MIB);
        long maxSessions = looks.stream().mapToLong(Look::sessions).max().orElse(0);
        int maxTx = looks.stream().mapToInt(Look::txLogs).max().orElse(0);
        long newRecords = last.idempotencyRecords() - first.idempotencyRecords();
        long newPayments = last.payments() - first.payments();
        s.append(String.format(Locale.ROOT, "%n- Heap after GC: %,d MiB at the start, %,d MiB at the end; trend after minute 2: %+.2f MiB/min "
                        + "(%+.0f MiB over the run): %s%n", first.heapUsed() / MIB, last.heapUsed() / MIB, slope, growth,
                heapSteady ? "**holds steady**" : "**grows**"));
        s.append(String.format(Locale.ROOT, "- HTTP sessions: at most %d (the payment API keeps none): %s%n", maxSessions,
                maxSessions == first.sessions() ? "**no growth**" : "**grows**"));
        s.append(String.format(Locale.ROOT, "- Narayana transaction logs: at most %d at a look, %d at the end (a log lives only while "
                + "its transaction completes): %s%n", maxTx, last.txLogs(), last.txLogs() == 0 ? "**no growth**" : "**left behind**"));
        s.append(String.format(Locale.ROOT, "- Idempotency records: +%,d for +%,d payments: one per payment, kept for their 24 h "
                        + "retention (IdempotencyJanitor purges older ones hourly), so within retention they grow with the "
                        + "payments by design: %s%n", newRecords, newPayments,
                newRecords == newPayments ? "**as expected**" : "**unexpected**"));
        return s.toString();
    }
}
