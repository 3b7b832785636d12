package io.steadfast.bench.e2e;

import io.steadfast.bench.CommandLines;
import io.steadfast.bench.LoadDriver;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The end-to-end comparison of issue 5 against a running server (the README's run command):
 * every row measured in rounds that alternate the variant with its baseline, in one invocation,
 * reported as the median round's ratio with the range. See PERFORMANCE.md.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.steadfast.bench.e2e.EndToEnd [--publish]
 *     [--base http://localhost:8080/] [--jboss-home DIR] [--seconds 10] [--warmup 2] [--rounds 3]
 *     [--clients 1,8,32] [--rows xa,stack,integrity,durable,store,database] [--no-attribution] [--soak-minutes 10 --soak-rate 50]
 *     [--out bench/target/e2e]
 * </pre>
 */
public final class EndToEnd {

    static final String XA = "XA payment (H2 + vault, 2PC)";
    static final String XA_POSTGRESQL = "XA payment (PostgreSQL + vault, 2PC)";
    static final String ONE_PHASE = "1PC payment (non-XA datasource, no vault)";
    static final String NOOP = "no-op JAX-RS endpoint";

    /** What to run. */
    record Options(URI base, Path jbossHome, int seconds, int warmup, int rounds, int[] clients, List<String> rows,
                   boolean attribution, int soakMinutes, int soakRate, Path out, boolean publish) {

        static final List<String> ROWS = List.of("xa", "stack", "integrity", "durable", "store", "database", "none");

        static Options parse(String[] args) {
            Args a = CommandLines.parse(new Args(), args);
            for (int c : a.clients) {
                CommandLines.atLeast(1, c, "--clients");
            }
            CommandLines.atLeast(1, a.seconds, "--seconds");
            CommandLines.atLeast(0, a.warmup, "--warmup");
            CommandLines.atLeast(1, a.rounds, "--rounds");
            CommandLines.atLeast(0, a.soakMinutes, "--soak-minutes");
            CommandLines.atLeast(1, a.soakRate, "--soak-rate");
            for (String r : a.rows) {
                if (!ROWS.contains(r)) {
                    throw new IllegalArgumentException("--rows takes " + String.join(", ", ROWS) + ", not " + r);
                }
            }
            String base = a.base.toString();
            return new Options(URI.create(base.endsWith("/") ? base : base + "/"), a.jbossHome, a.seconds, a.warmup, a.rounds, a.clients,
                    List.copyOf(a.rows), !a.noAttribution, a.soakMinutes, a.soakRate, a.out, a.publish);
        }
    }

    @Command(name = "EndToEnd", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Measures the running server's payments against baselines in alternating rounds, and what bounds them.")
    static final class Args {
        @Option(names = "--base", description = "the server's HTTP address (default ${DEFAULT-VALUE})")
        URI base = URI.create("http://localhost:8080/");
        @Option(names = "--jboss-home", description = "the WildFly installation (default: the one under ear/target)")
        Path jbossHome;
        @Option(names = "--seconds", description = "measured seconds per variant and round (default ${DEFAULT-VALUE})")
        int seconds = 10;
        @Option(names = "--warmup", description = "seconds of load before each measurement (default ${DEFAULT-VALUE})")
        int warmup = 2;
        @Option(names = "--rounds", description = "alternating rounds per row (default ${DEFAULT-VALUE})")
        int rounds = 3;
        @Option(names = "--clients", split = ",", description = "client counts of the XA rows (default 1,8,32)")
        int[] clients = {1, 8, 32};
        @Option(names = "--rows", split = ",", description = "xa, stack, integrity, durable, store, database or none "
                + "(default xa,stack,integrity,durable,store)")
        List<String> rows = List.of("xa", "stack", "integrity", "durable", "store");
        @Option(names = "--no-attribution", description = "skip the runs that measure what bounds the payment")
        boolean noAttribution;
        @Option(names = "--soak-minutes", description = "then a long open-loop run watching the heap (default 0: none)")
        int soakMinutes;
        @Option(names = "--soak-rate", description = "the soak's payments per second (default ${DEFAULT-VALUE})")
        int soakRate = 50;
        @Option(names = "--out", description = "where the results go (default ${DEFAULT-VALUE})")
        Path out = Path.of("bench", "target", "e2e");
        @Option(names = "--publish", description = "also write the results into PERFORMANCE.md and docs/performance/")
        boolean publish;
    }

    /** One measured run of one variant. */
    record Sample(String variant, int clients, double throughput, long requests, long errors, Histogram latency,
                  double cpuMsPerRequest, double databaseCpuMsPerRequest, double machineBusy) {

        String brief() {
            return String.format(Locale.ROOT, "%,.1f req/s, p50 %.1f ms, p99 %.1f ms%s", throughput, latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, errors > 0 ? ", **" + errors + " errors**" : "");
        }
    }

    /** A row: variant against baseline, one pair per round. */
    record Row(String name, int clients, String target, double minRatio, List<Sample[]> rounds) {

        List<Sample[]> byRatio() {
            List<Sample[]> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingDouble(r -> r[0].throughput() / r[1].throughput()));
            return sorted;
        }

        Sample[] median() {
            return byRatio().get(rounds.size() / 2);
        }

        double ratio() {
            Sample[] m = median();
            return m[0].throughput() / m[1].throughput();
        }

        String range() {
            List<Sample[]> s = byRatio();
            return String.format(Locale.ROOT, "%.2fx to %.2fx", s.get(0)[0].throughput() / s.get(0)[1].throughput(),
                    s.get(s.size() - 1)[0].throughput() / s.get(s.size() - 1)[1].throughput());
        }
    }

    private final Options options;
    private final WildFlyServer server;
    private final PrintStream log;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Histogram> merged = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final AtomicBoolean restored = new AtomicBoolean();
    private Boolean journalAtStart;
    /** The database the server ran on at the start ({@code h2} or {@code postgresql}), put back at the end. */
    private String databaseAtStart;
    /** The XA payment's name on the database of the moment. */
    private String xa = XA;

    EndToEnd(Options options, WildFlyServer server, PrintStream log) {
        this.options = options;
        this.server = server;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Options o;
        WildFlyServer server;
        try {
            o = Options.parse(args);
            server = WildFlyServer.locate(o.jbossHome(), o.base());
        } catch (IllegalArgumentException e) {
            System.err.println("EndToEnd: " + e.getMessage());
            System.exit(2);
            return;
        }
        var problem = server.problem();
        if (problem.isPresent()) {
            System.err.println("EndToEnd: " + problem.get());
            System.exit(2);
            return;
        }
        EndToEnd run = new EndToEnd(o, server, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(run::restoreQuietly, "restore-server-settings"));
        int status = 0;
        try {
            run.run();
        } catch (IllegalStateException | IllegalArgumentException e) {
            // A condition the tool checks (no driver module, a server that did not come back):
            // its message says what to do, a stack trace would not.
            System.err.println("EndToEnd: " + e.getMessage());
            status = 1;
        } finally {
            run.restoreQuietly();
        }
        System.exit(status);
    }

    void run() throws Exception {
        Files.createDirectories(options.out());
        Instant started = Instant.now();
        long pid = server.process().pid();
        log.printf("Server %s (pid %d, %s)%n", options.base(), pid, server.home);
        String machine = Machine.describe(server.dataDir());
        double forcesBefore = Machine.forceRate(server.dataDir(), 2);
        log.printf(Locale.ROOT, "Disk: %,.0f forces/s (4 KiB write + force, one writer)%n", forcesBefore);
        journalAtStart = server.usesJournalStore();
        databaseAtStart = server.database();
        xa = xaOn(databaseAtStart);
        machine += "- Database: " + describeDatabase() + "\n";
        server.integrity(true);

        log.println("Warm-up: 5 s each of the XA payment, the 1PC payment and the no-op endpoint at 8 clients");
        for (String v : List.of(xa, ONE_PHASE, NOOP)) {
            drive(v, 8, 5, 0);
        }
        if (options.rows().contains("xa")) {
            for (int c : options.clients()) {
                rows.add(alternate("XA cost", c, c == 1 ? ">= 0.25x" : c >= 32 ? ">= 0.5x" : "-", c == 1 ? 0.25 : c >= 32 ? 0.5 : 0,
                        xa, ONE_PHASE, null));
            }
        }
        if (options.rows().contains("stack")) {
            rows.add(alternate("Stack cost", 8, ">= 0.2x", 0.2, ONE_PHASE, NOOP, null));
        }
        if (options.rows().contains("integrity")) {
            // On the one-phase payment: the same four sealed rows, and steady from one window to the
            // next, where the XA payment's throughput swings by a third (H2's store write per
            // prepare) and buries a difference of microseconds. The codes are also a larger share of it.
            rows.add(alternate("Integrity cost", 8, ">= 0.9x", 0.9, ONE_PHASE + ", integrity codes on", ONE_PHASE + ", integrity codes off",
                    variant -> server.integrity(!variant.endsWith("off")), options.rounds() + 2, false, true));
            server.integrity(true);
        }
        if (options.rows().contains("durable")) {
            if (databaseAtStart.equals("h2")) {
                rows.add(durableCommits());
            } else {
                notes.add("The durable-commits row was left out: it switches H2's write delay, and the server runs on " + databaseAtStart + ".");
            }
        }
        if (options.rows().contains("database")) {
            rows.add(databases());
        }
        if (options.rows().contains("store")) {
            rows.add(objectStores());
        }
        String attribution = options.attribution() ? attribution(server.process().pid()) : "";
        double forcesAfter = Machine.forceRate(server.dataDir(), 2);
        String chartFile = "e2e-latency.svg";
        List<LatencyChart.Series> series = merged.entrySet().stream().map(e -> new LatencyChart.Series(e.getKey(), e.getValue())).toList();
        Files.writeString(options.out().resolve(chartFile), LatencyChart.svg("Payment latency by percentile (all rounds merged)", series));
        String report = report(started, machine, forcesBefore, forcesAfter, attribution, chartFile);
        // Written before the soak, so a long run that fails cannot take the comparison with it.
        Files.writeString(options.out().resolve("results.md"), report);
        System.out.println(report);
        log.println("Written to " + options.out().toAbsolutePath().resolve("results.md") + " and " + chartFile);
        if (options.publish()) {
            Publisher.publish(Path.of("PERFORMANCE.md"), Path.of("docs", "performance"), options.out(), chartFile, report, null);
            log.println("PERFORMANCE.md updated; chart copied to docs/performance/" + chartFile);
        }
        if (options.soakMinutes() > 0) {
            String soak = new Soak(server, options.soakMinutes(), options.soakRate(), log).run();
            Files.writeString(options.out().resolve("soak.md"), soak);
            System.out.println(soak);
            log.println("Written to " + options.out().toAbsolutePath().resolve("soak.md"));
            if (options.publish()) {
                Publisher.publish(Path.of("PERFORMANCE.md"), Path.of("docs", "performance"), options.out(), chartFile, report, soak);
            }
        }
    }

    /** A switch made before each measurement of a variant (null: nothing to switch). */
    interface Switch {
        void before(String variant) throws Exception;
    }

    private Row alternate(String name, int clients, String target, double minRatio, String variant, String baseline, Switch sw)
            throws Exception {
        return alternate(name, clients, target, minRatio, variant, baseline, sw, options.rounds(), false, true);
    }

    /**
     * Measures variant and baseline in {@code roundCount} rounds, order reversed every other round
     * (the baseline first in the first round when {@code baselineFirst}), and adds the latencies to
     * the chart when {@code chart}.
     */
    private Row alternate(String name, int clients, String target, double minRatio, String variant, String baseline, Switch sw,
                          int roundCount, boolean baselineFirst, boolean chart) throws Exception {
        List<Sample[]> rounds = new ArrayList<>();
        for (int r = 0; r < roundCount; r++) {
            boolean variantFirst = (r % 2 == 0) != baselineFirst;
            Sample[] pair = new Sample[2];
            for (String v : variantFirst ? List.of(variant, baseline) : List.of(baseline, variant)) {
                if (sw != null) {
                    sw.before(v);
                }
                log.printf(Locale.ROOT, "%s, %d clients, round %d of %d: %s%n", name, clients, r + 1, roundCount, v);
                Sample s = drive(v, clients, options.seconds(), options.warmup());
                log.println("  " + s.brief());
                pair[v.equals(variant) ? 0 : 1] = s;
                if (chart) {
                    merged.computeIfAbsent(v + ", " + clients + (clients == 1 ? " client" : " clients"), k -> new Histogram(3))
                            .add(s.latency());
                }
            }
            rounds.add(pair);
        }
        Row row = new Row(name, clients, target, minRatio, rounds);
        log.printf(Locale.ROOT, "%s at %d clients: %.2fx (rounds %s)%n", name, clients, row.ratio(), row.range());
        return row;
    }

    /**
     * Journal store against the shadow file store. Every measurement follows a restart into its
     * store and {@value #RESTART_WARMUP_SECONDS} s of load, so both sides start from the same cold
     * server; two rounds, ABBA, starting and ending with the store in use.
     */
    private Row objectStores() throws Exception {
        String journal = xa + ", Narayana journal store";
        String shadow = xa + ", shadow file store";
        Switch restartInto = v -> {
            boolean wantJournal = v.equals(journal);
            log.printf("Restarting into the %s store, then %d s of load before measuring%n", wantJournal ? "journal" : "shadow file",
                    RESTART_WARMUP_SECONDS);
            server.useJournalStore(wantJournal);
            drive(v, 8, RESTART_WARMUP_SECONDS, 0);
        };
        return alternate("Object store: journal vs shadow file store", 8, "-", 0, journal, shadow, restartInto, 2, !journalAtStart, false);
    }

    /**
     * What durable commits on H2 cost: the one-phase payment (it commits in one phase, so H2's
     * write delay decides when its commit reaches the file) with {@code WRITE_DELAY=0}, the
     * default, against H2's own default of 500 ms, which lost acknowledged commits on a crash.
     * Each switch reloads the server (the delay is part of the datasource URL).
     */
    private Row durableCommits() throws Exception {
        String durable = ONE_PHASE + ", H2 WRITE_DELAY=0";
        String lazy = ONE_PHASE + ", H2 WRITE_DELAY=500";
        Switch reloadWith = v -> {
            server.writeDelay(v.equals(durable) ? null : 500);
            drive(v, 8, 5, 0);
        };
        Row row = alternate("Durable commits (1PC payment)", 8, ">= 0.5x", 0.5, durable, lazy, reloadWith, options.rounds(), false, false);
        server.writeDelay(null);
        return row;
    }

    /**
     * The XA payment on PostgreSQL against the same payment on H2, at the highest client count of
     * the run (32 by default). Each switch runs the project's datasource script and reloads the
     * server ({@link WildFlyServer#useDatabase}), then warms the new pool and plans up with 10 s of
     * load before the measurement.
     */
    private Row databases() throws Exception {
        server.requirePostgreSqlDriver(); // before any round, rather than after the first
        String postgresql = XA_POSTGRESQL;
        String h2 = XA;
        int clients = Arrays.stream(options.clients()).max().orElse(32);
        Switch moveTo = v -> {
            String kind = v.equals(postgresql) ? "postgresql" : "h2";
            if (!kind.equals(server.database())) {
                log.printf("Moving the server to %s (datasource script, reload), then 10 s of load before measuring%n", kind);
                server.useDatabase(kind, CONFIG_DIR);
                drive(v, clients, 10, 0);
            }
        };
        // The first round starts on the database the server is on, to save a switch.
        Row row = alternate("Database: PostgreSQL vs H2 (XA payment)", clients, "-", 0, postgresql, h2, moveTo, options.rounds(),
                !databaseAtStart.equals("postgresql"), true);
        server.useDatabase(databaseAtStart, CONFIG_DIR);
        return row;
    }

    /** The datasource scripts, relative to the repository root the tool runs from. */
    static final Path CONFIG_DIR = Path.of("standalone-config");

    static String xaOn(String database) {
        return database.equals("postgresql") ? XA_POSTGRESQL : XA;
    }

    private String describeDatabase() throws Exception {
        if (databaseAtStart.equals("postgresql")) {
            try (PostgreSqlProbe p = new PostgreSqlProbe(server.connection())) {
                return p.describe() + (PostgreSqlProbe.runsHere() ? ", on this machine" : ", on another machine (its CPU is not measured)");
            }
        }
        return "H2 " + "(embedded in the server, files in its data folder; WRITE_DELAY=0)";
    }

    static final int RESTART_WARMUP_SECONDS = 30;

    private URI url(String variant) {
        return options.base().resolve(variant.startsWith(NOOP) ? "api/v1/baselines/noop"
                : variant.startsWith(ONE_PHASE) ? "api/v1/baselines/payments-one-phase" : "api/v1/payments");
    }

    /** Runs the load driver for one variant and measures the server's CPU over the measured part. */
    Sample drive(String variant, int clients, int seconds, int warmup) throws Exception {
        long pid = server.process().pid();
        LoadDriver.Options o = new LoadDriver.Options(url(variant), "closed", clients, 1, seconds, warmup, null);
        long[] cpu = new long[4];
        Map<Long, Long> databaseCpu = new LinkedHashMap<>();
        Thread sampler = new Thread(() -> {
            try {
                Thread.sleep(warmup * 1000L); // the driver's warm-up, on its own clock
                long[] j = Machine.cpuJiffies();
                cpu[0] = WildFlyServer.cpuTicks(pid);
                cpu[1] = j[0];
                cpu[2] = j[1];
                databaseCpu.putAll(PostgreSqlProbe.databaseCpuTicks());
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        sampler.start();
        LoadDriver.Result r;
        try (LoadDriver d = new LoadDriver(o, log)) {
            r = d.run();
        }
        sampler.join();
        long[] j = Machine.cpuJiffies();
        long serverTicks = WildFlyServer.cpuTicks(pid) - cpu[0];
        double busy = (double) (j[0] - cpu[1]) / Math.max(1, j[1] - cpu[2]);
        double cpuMs = r.requests() == 0 ? 0 : serverTicks * 10.0 / r.requests();
        // PostgreSQL's processes on this machine (-1: none runs here); an embedded H2 is in the server's own CPU.
        double databaseMs = PostgreSqlProbe.cpuMsPerRequest(databaseCpu, PostgreSqlProbe.databaseCpuTicks(), r.requests());
        return new Sample(variant, clients, r.throughput(), r.requests(), r.errors(), r.latencyMicros(), cpuMs, databaseMs, busy);
    }

    /** Forces per request (strace) and blocked time (JFR) for the XA and 1PC payments. */
    private String attribution(long pid) throws Exception {
        StringBuilder s = new StringBuilder();
        int window = 8;
        if (Attribution.straceAvailable()) {
            for (String v : List.of(xa, ONE_PHASE)) {
                log.printf("Tracing forces (strace) for %d s: %s at 8 clients%n", window, v);
                Attribution.Forces f = Attribution.forces(pid, server.dataDir(), () -> drive(v, 8, window, 0).requests());
                s.append(String.format(Locale.ROOT, "- Forces per request, %s: **%.2f** (%,d forces over %,d requests, traced; "
                        + "by file: %s)%n", v, f.perRequest(), f.total(), f.requests(), f.describe()));
            }
        } else {
            s.append("- Forces per request: not measured (strace is not installed; `apt-get install strace`)\n");
        }
        for (int c : new int[] {8, 32}) {
            log.printf("Recording blocked time (JFR) for %d s: %s at %d clients%n", window, xa, c);
            Attribution.Contention k = Attribution.contention(pid, Duration.ofSeconds(window), () -> drive(xa, c, window, 0).requests());
            s.append(String.format(Locale.ROOT, "- Waiting in request threads, %s at %d clients: **%.1f ms per request** blocked or "
                    + "parked (waits of 1 ms or more, JFR; top: %s)%n", xa, c, k.blockedMillisPerRequest(), k.describe()));
        }
        if (server.database().equals("postgresql")) {
            try (PostgreSqlProbe p = new PostgreSqlProbe(server.connection())) {
                for (String v : List.of(xa, ONE_PHASE)) {
                    int c = 32;
                    log.printf("Tracing PostgreSQL (strace forces, pg_stat_activity samples, CPU) for %d s: %s at %d clients%n", window, v, c);
                    PostgreSqlProbe.Cost cost = p.measure(() -> drive(v, c, window, 0).requests());
                    s.append(String.format(Locale.ROOT, "- PostgreSQL, %s at %d clients: %s%n", v, c, cost.describe()));
                }
            }
        }
        return s.toString();
    }

    private String report(Instant started, String machine, double forcesBefore, double forcesAfter, String attribution, String chart) {
        StringBuilder s = new StringBuilder();
        s.append("Run ").append(started).append(": ").append(options.rounds()).append(" alternating rounds of ")
                .append(options.seconds()).append(" s (after ").append(options.warmup()).append(" s warm-up) per variant, closed loop.\n\n");
        s.append(machine);
        s.append(String.format(Locale.ROOT, "- Disk force rate, measured by the tool in the server's data folder (4 KiB write + "
                + "force, one writer): %,.0f/s before the rows, %,.0f/s after%n%n", forcesBefore, forcesAfter));
        s.append("| row | clients | measured (median round) | baseline (same round) | ratio | rounds | target | met |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            Sample[] m = r.median();
            s.append(String.format(Locale.ROOT, "| %s | %d | %s: %s | %s: %s | %.2fx | %s | %s | %s |%n", r.name(), r.clients(),
                    m[0].variant(), m[0].brief(), m[1].variant(), m[1].brief(), r.ratio(), r.range(), r.target(),
                    r.minRatio() <= 0 ? "-" : r.ratio() >= r.minRatio() ? "yes" : "**no**"));
        }
        s.append("\nServer CPU per request and machine CPU use (all cores) in the median round:\n\n");
        s.append("| variant | clients | throughput | server CPU per request | PostgreSQL CPU per request | machine CPU busy |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            for (Sample x : r.median()) {
                s.append(String.format(Locale.ROOT, "| %s | %d | %,.1f req/s | %.2f ms | %s | %.0f%% |%n", x.variant(), x.clients(),
                        x.throughput(), x.cpuMsPerRequest(), x.databaseCpuMsPerRequest() < 0 ? "-"
                                : String.format(Locale.ROOT, "%.2f ms", x.databaseCpuMsPerRequest()), x.machineBusy() * 100));
            }
        }
        if (!attribution.isEmpty()) {
            s.append("\nWhat bounds the payment, measured in separate runs (tracing slows the server; the counts per request hold):\n\n");
            s.append(attribution);
        }
        notes.forEach(n -> s.append("- ").append(n).append('\n'));
        s.append("\n![latency percentiles](").append(chart).append(")\n");
        return s.toString();
    }

    /** Puts the server back as it was: integrity codes on, the object store it started with. */
    void restoreQuietly() {
        if (!restored.compareAndSet(false, true)) {
            return;
        }
        try {
            server.awaitUp(Duration.ofSeconds(180));
            server.integrity(true);
            server.writeDelay(null);
            if (databaseAtStart != null) {
                server.useDatabase(databaseAtStart, CONFIG_DIR);
            }
            if (journalAtStart != null && server.usesJournalStore() != journalAtStart) {
                server.useJournalStore(journalAtStart);
            }
        } catch (Exception e) {
            System.err.println("EndToEnd: could not restore the server's settings (" + e.getMessage()
                    + "): check /system-property=" + WildFlyServer.INTEGRITY_SWITCH + ", /system-property=" + WildFlyServer.WRITE_DELAY + " and the transactions subsystem's use-journal-store");
        }
    }
}
