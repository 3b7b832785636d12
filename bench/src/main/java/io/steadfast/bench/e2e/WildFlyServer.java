package io.steadfast.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The running server the benchmark measures: its management CLI (local authentication, as the
 * user who started it), its process (CPU from /proc) and its HTTP API.
 */
final class WildFlyServer {

    /** The integrity switch (a system property read on every row; see IntegrityGuard). */
    static final String INTEGRITY_SWITCH = "steadfast.integrity.enabled";

    /** H2's write delay in the datasource URL (standalone-config/configure-datasource.cli; default 0). */
    static final String WRITE_DELAY = "steadfast.db.h2.write-delay";

    final Path home;
    final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WildFlyServer(Path home, URI base) {
        this.home = home;
        this.base = base;
    }

    /** The server under {@code home}, or the one the README's run command unpacked under ear/target. */
    static WildFlyServer locate(Path home, URI base) throws IOException {
        if (home == null) {
            Path target = Path.of("ear", "target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    home = s.filter(p -> p.getFileName().toString().startsWith("wildfly-") && Files.isDirectory(p.resolve("bin")))
                            .findFirst().orElse(null);
                }
            }
            if (home == null) {
                throw new IllegalArgumentException("no WildFly under ear/target: run this from the repository root while the README's "
                        + "run command (mvn -Prun package -DskipTests) is up, or pass --jboss-home DIR");
            }
        }
        if (!Files.isExecutable(home.resolve("bin/jboss-cli.sh"))) {
            throw new IllegalArgumentException(home + " is not a WildFly installation (no bin/jboss-cli.sh)");
        }
        return new WildFlyServer(home.toAbsolutePath().normalize(), base);
    }

    Path dataDir() {
        return home.resolve("standalone/data");
    }

    /** Runs CLI commands (one per line, in a batch file); the output, or an error with it. */
    String cli(String... commands) throws IOException, InterruptedException {
        Path script = Files.createTempFile("steadfast-bench", ".cli");
        try {
            Files.write(script, List.of(commands));
            Process p = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--connect", "--file=" + script)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("management CLI failed on " + String.join("; ", commands) + ":\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static long number(String cliOutput, String attribute) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(attribute) + "\" => (-?\\d+)L?").matcher(cliOutput);
        if (!m.find()) {
            throw new IllegalStateException("no " + attribute + " in the CLI output:\n" + cliOutput);
        }
        return Long.parseLong(m.group(1));
    }

    /** The server's JVM, found by its jboss.home.dir. */
    ProcessHandle process() {
        return processes().findFirst()
                .orElseThrow(() -> new IllegalStateException("no running WildFly with jboss.home.dir " + home
                        + " (start it with the README's run command)"));
    }

    /** Every running WildFly JVM of this installation. */
    private Stream<ProcessHandle> processes() {
        String marker = "-Djboss.home.dir=" + home;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar") && c.contains(marker)).orElse(false));
    }

    /** User + system CPU of the server process, in clock ticks (1/100 s). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** HTTP status of a GET, or -1 when nothing answers. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Waits until the baselines endpoint answers 200 (the deployment is up), or fails at the deadline. */
    void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = status("api/v1/baselines");
            if (last == 200) {
                return;
            }
            Thread.sleep(500); // polling a condition with a deadline
        }
        throw new IllegalStateException("the server did not answer GET /api/v1/baselines with 200 within " + timeout.toSeconds()
                + " s (last answer " + last + (last == 404 ? ": start it with steadfast.baselines.enabled=true" : "") + ")");
    }

    boolean usesJournalStore() throws IOException, InterruptedException {
        return cli("/subsystem=transactions:read-attribute(name=use-journal-store)").contains("\"result\" => true");
    }

    /** Transactions in Narayana's object store (in doubt or being completed). */
    int transactionLogEntries() throws IOException, InterruptedException {
        String out = cli("/subsystem=transactions/log-store=log-store:probe",
                "/subsystem=transactions/log-store=log-store:read-children-names(child-type=transactions)");
        int list = out.lastIndexOf("\"result\" => [");
        if (list < 0) {
            return 0;
        }
        String names = out.substring(list, out.indexOf(']', list));
        return (int) names.chars().filter(c -> c == '"').count() / 2 - 1;
    }

    /**
     * Switches Narayana's object store and restarts the server (the change needs a restart). Refuses
     * while the store holds transactions: the other store would not recover them.
     */
    void useJournalStore(boolean journal) throws IOException, InterruptedException {
        int entries = transactionLogEntries();
        if (entries > 0) {
            throw new IllegalStateException(entries + " transaction(s) in the object store: not switching stores until recovery settles them");
        }
        if (usesJournalStore() != journal) {
            cli("/subsystem=transactions:write-attribute(name=use-journal-store, value=" + journal + ")");
        }
        restart();
    }

    /**
     * Restarts the server process ({@code shutdown --restart=true}) and waits for the new process
     * to serve the deployment. The CLI loses its connection on the way, so its exit status says
     * nothing; the new process id and the endpoint do.
     */
    void restart() throws IOException, InterruptedException {
        long before = process().pid();
        try {
            cli("shutdown --restart=true");
        } catch (IllegalStateException expected) {
            // the connection drops while the server goes down
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Optional<Long> now = processes().map(ProcessHandle::pid).filter(pid -> pid != before).findFirst();
            if (now.isPresent()) {
                awaitUp(Duration.ofSeconds(Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L)));
                return;
            }
            Thread.sleep(200); // polling a condition with a deadline
        }
        throw new IllegalStateException("the server did not restart within 180 s");
    }

    /** Sets the integrity switch while the server runs (no restart: the guard reads it on every row). */
    void integrity(boolean on) throws IOException, InterruptedException {
        String resource = "/system-property=" + INTEGRITY_SWITCH;
        List<String> commands = new ArrayList<>();
        commands.add("if (outcome == success) of " + resource + ":read-resource");
        commands.add("  " + resource + ":remove");
        commands.add("end-if");
        if (!on) {
            commands.add(resource + ":add(value=false)");
        }
        cli(commands.toArray(String[]::new));
    }

    /**
     * Sets H2's write delay ({@code null}: the configured default, 0) and reloads the server, which
     * opens the database again with the new URL. Does nothing when it is already so.
     */
    void writeDelay(Integer millis) throws IOException, InterruptedException {
        String resource = "/system-property=" + WRITE_DELAY;
        Matcher m = Pattern.compile("\"result\" => \"(\\d+)\"").matcher(
                cli("if (outcome == success) of " + resource + ":read-resource", "  " + resource + ":read-attribute(name=value)", "end-if"));
        Integer current = m.find() ? Integer.valueOf(m.group(1)) : null;
        boolean present = current != null;
        if (java.util.Objects.equals(current, millis)) {
            return;
        }
        List<String> commands = new ArrayList<>();
        if (present) {
            commands.add(resource + ":remove");
        }
        if (millis != null) {
            commands.add(resource + ":add(value=" + millis + ")");
        }
        if (!commands.isEmpty()) {
            cli(commands.toArray(String[]::new));
        }
        reloadAndWait("reload", true);
    }

    static final String XA_DATASOURCE = "/subsystem=datasources/xa-data-source=SteadfastXADS";

    /** The database of the payments' XA datasource: its JDBC driver's name ({@code h2} or {@code postgresql}). */
    String database() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\"result\" => \"([^\"]+)\"").matcher(cli(XA_DATASOURCE + ":read-attribute(name=driver-name)"));
        if (!m.find()) {
            throw new IllegalStateException("the server has no XA datasource SteadfastXADS");
        }
        return m.group(1);
    }

    /** The XA datasource's URL, user and password, with their expressions resolved, to connect as the server does. */
    record Connection(String url, String user, String password) {
        @Override
        public String toString() {
            return url + " as " + user; // never the password
        }
    }

    Connection connection() throws IOException, InterruptedException {
        String out;
        try {
            out = cli(XA_DATASOURCE + "/xa-datasource-properties=URL:read-attribute(name=value, resolve-expressions=true)",
                    XA_DATASOURCE + ":read-attribute(name=user-name, resolve-expressions=true)",
                    XA_DATASOURCE + ":read-attribute(name=password, resolve-expressions=true)");
        } catch (IllegalStateException e) {
            // not e's message: the CLI's output may hold the password
            throw new IllegalStateException("could not read the XA datasource's URL, user and password through the CLI");
        }
        Matcher m = Pattern.compile("\"result\" => \"([^\"]*)\"").matcher(out);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        if (values.size() != 3) {
            throw new IllegalStateException("could not read the XA datasource's URL, user and password through the CLI");
        }
        return new Connection(values.get(0), values.get(1), values.get(2));
    }

    /**
     * Moves the payments to another database ({@code h2} or {@code postgresql}) with the project's
     * own datasource script from {@code configDir} (standalone-config/), exactly as the build
     * configures the server: the server is reloaded into admin-only mode, the script's commands
     * run against it (the embedded-server lines left out), and it is reloaded to serve again.
     * Flyway migrates the database at deployment. PostgreSQL needs the driver module, which the
     * run command installs with {@code -Ppostgresql}.
     */
    void useDatabase(String kind, Path configDir) throws IOException, InterruptedException {
        if (kind.equals(database())) {
            return;
        }
        Path script = configDir.resolve(kind.equals("postgresql") ? "configure-datasource-postgresql.cli" : "configure-datasource.cli");
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no " + script + ": run the tool from the repository root");
        }
        if (kind.equals("postgresql") && !cli("/core-service=module-loading:list-resource-loader-paths(module=org.postgresql)")
                .contains("\"outcome\" => \"success\"")) {
            throw new IllegalStateException("the server has no PostgreSQL driver module: start it once with mvn -Prun,postgresql package -DskipTests");
        }
        reloadAndWait("reload --start-mode=admin-only", false);
        List<String> commands = Files.readAllLines(script).stream()
                .filter(l -> !l.startsWith("embed-server") && !l.startsWith("stop-embedded-server")).toList();
        cli(commands.toArray(String[]::new));
        reloadAndWait("reload", true);
        if (!kind.equals(database())) {
            throw new IllegalStateException("the server still runs on " + database() + " after " + script.getFileName());
        }
    }

    private void reloadAndWait(String command, boolean serving) throws IOException, InterruptedException {
        try {
            cli(command);
        } catch (IllegalStateException slow) {
            // A loaded server can take longer to reload than the CLI waits to reconnect; the
            // reload runs all the same, and the checks below say when it is done.
        }
        if (serving) {
            awaitUp(Duration.ofSeconds(180));
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (cli(":read-attribute(name=running-mode)").contains("ADMIN_ONLY")) {
                    return;
                }
            } catch (IllegalStateException reloading) {
                // not answering yet
            }
            Thread.sleep(500); // polling a condition with a deadline
        }
        throw new IllegalStateException("the server did not reach admin-only mode within 180 s");
    }

    /** Heap after a full collection, and the deployment's active HTTP sessions. */
    record Snapshot(long heapUsedBytes, long heapCommittedBytes, long activeSessions, int transactionLogEntries) {
    }

    Snapshot snapshot() throws IOException, InterruptedException {
        String out = cli("/core-service=platform-mbean/type=memory:gc",
                "/core-service=platform-mbean/type=memory:read-attribute(name=heap-memory-usage)",
                "/deployment=steadfast.ear/subdeployment=steadfast-web.war/subsystem=undertow:read-attribute(name=active-sessions)");
        long sessions = number(out.substring(out.lastIndexOf("\"outcome\"")), "result");
        return new Snapshot(number(out, "used"), number(out, "committed"), sessions, transactionLogEntries());
    }

    Optional<String> problem() {
        int s = status("api/v1/baselines");
        return s == 200 ? Optional.empty() : Optional.of(s == 404
                ? "the server runs without the benchmark baselines: start it with steadfast.baselines.enabled=true (the README's run command does)"
                : s < 0 ? "nothing answers at " + base + ": start the server with the README's run command (mvn -Prun package -DskipTests)"
                : "GET /api/v1/baselines answered " + s);
    }
}
