package io.steadfast.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash matrix (issue 12, items 1 and 2): the real server is halted ({@code Runtime.halt} from a
 * Byteman rule of src/test/byteman/crash-faults.btm, kill -9 from the inside) at each point of a
 * payment's two-phase commit over the database and the vault, and at each step of a card payment,
 * then started again on the same data. After every restart the test waits until every invariant of
 * {@link Invariants} holds, with a deadline, and measures the time from the restart (the process
 * launched) to that moment. The server runs the run configuration's recovery settings
 * (run.properties: Narayana's recovery period and backoff, the janitor's schedule and threshold;
 * see {@link CrashServer#serverProperties}), so the time is the one an operator gets.
 *
 * <p>Both orders of the two participants: a payment enlists the database first (its row is read
 * and written before the receipt goes to the vault) and Narayana commits in enlistment order, so
 * "after the first commit" leaves the database committed and the vault prepared. For the other
 * order the rule {@code vault-first} moves the database's record behind the vault's in the
 * prepared list at the start of phase two (an order the coordinator is free to take), and the same
 * halt then leaves the vault committed and the database prepared. The server's log names the branch
 * each halt left committed.
 *
 * <p>One trial per point in CI ({@code -Dcrash.matrix.trials=N} for more). The table of times goes
 * to standard output and to {@code target/crash-matrix-<database>.md}.
 */
@ExtendWith(CrashServerExtension.class)
class CrashMatrixIT {

    private static final Duration CONSISTENCY_DEADLINE = Duration.ofSeconds(180);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** What recovery must make of the cut-off payment. */
    enum Outcome {
        /** rolled back: no payment for the order (presumed abort) */
        ABSENT,
        /** committed everywhere: the payment and its receipt */
        COMMITTED,
        /** a card payment the acquirer never received: declined by the janitor */
        DECLINED,
        /** a card payment the acquirer approved: captured (by recovery or by the janitor) */
        CAPTURED
    }

    /** A crash point: the rules to arm, whether a card payment is used, and what recovery must make of it. */
    record Point(String name, List<String> rules, boolean card, Outcome outcome, int kills) {
    }

    static final List<Point> POINTS = List.of(
            new Point("after the first prepare, before the log", List.of("after-first-prepare"), false, Outcome.ABSENT, 1),
            new Point("logged, before any commit", List.of("logged-before-commit"), false, Outcome.COMMITTED, 1),
            new Point("between the commits: database, then vault", List.of("after-first-commit"), false, Outcome.COMMITTED, 1),
            new Point("between the commits: vault, then database", List.of("vault-first", "after-first-commit"), false, Outcome.COMMITTED, 1),
            new Point("both committed, before the log record is removed", List.of("committed-before-forget"), false, Outcome.COMMITTED, 1),
            new Point("inside the vault's commit, between its disks", List.of("vault-commit-one-disk"), false, Outcome.COMMITTED, 1),
            new Point("during recovery: after its first commit", List.of("logged-before-commit", "recovery-after-first-commit"), false,
                    Outcome.COMMITTED, 2),
            new Point("card: after PENDING, before the acquirer", List.of("card-after-pending"), true, Outcome.DECLINED, 1),
            new Point("card: after the acquirer, before the outcome", List.of("card-after-acquirer"), true, Outcome.CAPTURED, 1),
            new Point("card: outcome transaction logged, not committed", List.of("card-outcome-logged"), true, Outcome.CAPTURED, 1));

    /** Every create sent so far: each trial checks all of them again. */
    private final List<Invariants.Create> creates = new ArrayList<>();

    @Test
    void everyCrashPointRecoversToConsistency(CrashServer server) throws Exception {
        int trials = Integer.getInteger("crash.matrix.trials", 1);
        Invariants invariants = new Invariants(server);
        System.out.println("CrashMatrixIT: " + POINTS.size() + " crash points x " + trials + " trial(s), recovery period "
                + server.property("steadfast.tx.recovery-period") + " s, backoff " + server.property("steadfast.tx.recovery-backoff")
                + " s, janitor '" + server.property("steadfast.janitor.schedule") + "' threshold "
                + server.property("steadfast.janitor.threshold-seconds") + " s");
        Map<Point, List<Long>> consistent = new LinkedHashMap<>();
        Map<Point, List<Long>> serving = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Point point : POINTS) {
            for (int t = 1; t <= trials; t++) {
                long[] times = trial(server, invariants, point, t, failures);
                consistent.computeIfAbsent(point, k -> new ArrayList<>()).add(times[0]);
                serving.computeIfAbsent(point, k -> new ArrayList<>()).add(times[1]);
            }
        }
        String report = report(consistent, serving, server);
        System.out.println(report);
        Path file = Path.of(System.getProperty("crash.report-dir", "target"), "crash-matrix-" + (CrashServer.onPostgreSql() ? "postgresql" : "h2") + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        assertThat(failures).as("crash matrix (server log: %s)", server.serverLog()).isEmpty();
    }

    /**
     * One crash at {@code point}: an acknowledged payment first (so there is always something to
     * lose), then the armed rules, the payment they halt, the restart(s), and the wait for
     * consistency. Returns {ms to consistency, ms to serving}, both from the last launch.
     */
    private long[] trial(CrashServer server, Invariants invariants, Point point, int trial, List<String> failures) throws Exception {
        creates.add(send(server, create(point.card(), "ack"), true));
        for (String rule : point.rules()) {
            server.arm(rule);
        }
        Invariants.Create cut = send(server, create(point.card(), "cut"), false);
        assertThat(cut.acknowledged()).as("%s: the rule halted the server before it answered (answer %s)", point.name(), cut.response())
                .isFalse();
        server.awaitDeath(Duration.ofSeconds(60));
        for (int k = 2; k <= point.kills(); k++) {
            server.start(); // the recovery pass of this start halts at the next armed rule
            server.awaitDeath(Duration.ofSeconds(120));
        }
        for (String rule : point.rules()) {
            assertThat(server.armed(rule)).as("%s: rule %s fired", point.name(), rule).isFalse();
        }
        long launched = System.nanoTime();
        server.start();
        server.awaitServing(START_TIMEOUT);
        // From the launch, as the time to consistency is (awaitServing counts from the JVM's appearance).
        long toServe = (System.nanoTime() - launched) / 1_000_000;
        long deadline = launched + CONSISTENCY_DEADLINE.toNanos();
        List<Invariants.Create> all = new ArrayList<>(creates);
        all.add(cut);
        long checkStarted = System.nanoTime();
        List<String> last = invariants.violations(all);
        // When the first check passes, recovery was over before it began: the time after serving
        // is then the check's own (every acknowledged payment read and verified on a cold server).
        long firstCheckMillis = (System.nanoTime() - checkStarted) / 1_000_000;
        int checks = 1;
        List<String> shown = List.of();
        while (!last.isEmpty() && System.nanoTime() < deadline) {
            if (!last.equals(shown)) {
                // What recovery is still waiting for, each time it changes (the trial's story).
                System.out.printf("CrashMatrixIT:   at %6d ms: %s%n", (System.nanoTime() - launched) / 1_000_000, last);
                shown = last;
            }
            Thread.sleep(200); // polling the invariants (recovery, the janitor) with a deadline
            last = invariants.violations(all);
            checks++;
        }
        long toConsistent = (System.nanoTime() - launched) / 1_000_000;
        if (!last.isEmpty()) {
            failures.add(point.name() + " #" + trial + ": not consistent " + CONSISTENCY_DEADLINE.toSeconds() + " s after the restart: " + last);
        }
        String outcome = outcome(server, cut, point.outcome());
        if (outcome != null) {
            failures.add(point.name() + " #" + trial + ": " + outcome);
        }
        // The client retries the request it got no answer to: one payment, never a second.
        Invariants.Create retried = send(server, cut, true);
        creates.add(retried);
        System.out.printf("CrashMatrixIT: %-52s #%d serving after %5d ms, consistent after %6d ms (%s)%n", point.name(), trial, toServe, toConsistent,
                checks == 1 ? "the first check passed; it took " + firstCheckMillis + " ms" : checks + " checks");
        return new long[] {toConsistent, toServe};
    }

    /** Null when recovery made of the cut-off payment what the point expects, else what it made. */
    private static String outcome(CrashServer server, Invariants.Create cut, Outcome expected) throws IOException, InterruptedException {
        List<jakarta.json.JsonObject> payments = new SteadfastApi(server.api()).byOrder(cut.orderId());
        String seen = payments.isEmpty() ? "no payment" : payments.get(0).getString("status")
                + (payments.get(0).containsKey("declineReason") && !payments.get(0).isNull("declineReason")
                ? " (" + payments.get(0).getString("declineReason") + ")" : "");
        boolean ok = switch (expected) {
            case ABSENT -> payments.isEmpty();
            case COMMITTED -> payments.size() == 1 && !Invariants.NO_RECEIPT.contains(payments.get(0).getString("status"));
            case DECLINED -> payments.size() == 1 && payments.get(0).getString("status").equals("DECLINED");
            case CAPTURED -> payments.size() == 1 && payments.get(0).getString("status").equals("CAPTURED");
        };
        return ok ? null : "expected " + expected + " of the cut-off payment " + cut.orderId() + ", found " + seen;
    }

    private static Invariants.Create create(boolean card, String what) {
        String orderId = "matrix-" + what + "-" + UUID.randomUUID();
        String body = "{\"orderId\":\"" + orderId + "\",\"amount\":" + (100 + Math.abs(orderId.hashCode() % 90_000))
                + ",\"currency\":\"EUR\",\"method\":\"" + (card ? "card" : "wallet") + "\",\"capture\":true"
                + (card ? ",\"card\":{\"number\":\"4242424242424242\"}" : "") + "}";
        return new Invariants.Create("k-" + orderId, orderId, body, card, -1, null);
    }

    /** Sends the create; {@code mustAnswer}: a failure to answer 2xx fails the test. */
    private static Invariants.Create send(CrashServer server, Invariants.Create c, boolean mustAnswer) throws InterruptedException {
        try {
            HttpResponse<String> r = SteadfastApi.send("POST", server.api().resolve("payments"), c.body(), c.key());
            Invariants.Create answered = new Invariants.Create(c.key(), c.orderId(), c.body(), c.card(), r.statusCode(), r.body());
            if (mustAnswer) {
                assertThat(answered.acknowledged()).as("create %s answered %d %s", c.orderId(), r.statusCode(), r.body()).isTrue();
            }
            return answered;
        } catch (IOException e) {
            assertThat(mustAnswer).as("create %s got no answer: %s (server log: %s)", c.orderId(), e, server.serverLog()).isFalse();
            return c;
        }
    }

    private static String report(Map<Point, List<Long>> consistent, Map<Point, List<Long>> serving, CrashServer server) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("Crash matrix on ").append(CrashServer.onPostgreSql() ? "PostgreSQL" : "H2").append(": time from the restart (process launched) ")
                .append("to serving, and to every invariant holding; recovery period ").append(server.property("steadfast.tx.recovery-period"))
                .append(" s, backoff ").append(server.property("steadfast.tx.recovery-backoff")).append(" s, janitor '")
                .append(server.property("steadfast.janitor.schedule")).append("', threshold ")
                .append(server.property("steadfast.janitor.threshold-seconds")).append(" s\n\n");
        b.append("| crash point | kills | trials | serving p50 | consistent p50 | consistent max | of which after serving: p50 | max |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        List<Long> everything = new ArrayList<>();
        List<Long> everythingAfterServing = new ArrayList<>();
        for (Map.Entry<Point, List<Long>> e : consistent.entrySet()) {
            List<Long> toServe = serving.get(e.getKey());
            List<Long> afterServing = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                afterServing.add(e.getValue().get(i) - toServe.get(i));
            }
            everything.addAll(e.getValue());
            everythingAfterServing.addAll(afterServing);
            b.append(String.format("| %s | %d | %d | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s |%n", e.getKey().name(), e.getKey().kills(),
                    e.getValue().size(), p50(toServe) / 1000.0, p50(e.getValue()) / 1000.0, max(e.getValue()) / 1000.0,
                    p50(afterServing) / 1000.0, max(afterServing) / 1000.0));
        }
        b.append(String.format("| **all points** | | %d | %.1f s | **%.1f s** | **%.1f s** | **%.1f s** | **%.1f s** |%n", everything.size(),
                p50(serving.values().stream().flatMap(List::stream).toList()) / 1000.0, p50(everything) / 1000.0, max(everything) / 1000.0,
                p50(everythingAfterServing) / 1000.0, max(everythingAfterServing) / 1000.0));
        return b.toString();
    }

    /** The median by nearest rank. */
    static long p50(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() + 1) / 2 - 1);
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

}
