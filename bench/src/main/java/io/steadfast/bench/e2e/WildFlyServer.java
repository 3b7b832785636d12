package io.steadfast.bench.e2e;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

import java.io.IOException;
import java.net.InetAddress;
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
import java.util.stream.Stream;

/**
 * The running server the benchmark measures: its management API (DMR through
 * {@link ModelControllerClient}, local authentication as the user who started it), its process
 * (CPU from /proc) and its HTTP API.
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

    /**
     * The server's management API (DMR over remoting+http on the management port, local
     * authentication as the user who started the server, as the CLI does). Opened at first use;
     * opened again after a reload or restart drops the connection.
     */
    private ModelControllerClient client;

    private synchronized ModelControllerClient client() throws IOException {
        if (client == null) {
            client = ModelControllerClient.Factory.create("remote+http", InetAddress.getByName(base.getHost()), managementPort());
        }
        return client;
    }

    /** The management port: 9990 with the same offset as the HTTP port has from 8080. */
    int managementPort() {
        int http = base.getPort() < 0 ? 8080 : base.getPort();
        return 9990 + (http - 8080);
    }

    private synchronized void dropClient() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // a connection the server already dropped
            }
            client = null;
        }
    }

    /**
     * Runs one management operation and gives its result; a failed operation is an
     * IllegalStateException with the server's failure description, a lost connection an
     * IOException (the client is opened again for the next operation).
     */
    ModelNode execute(ModelNode op) throws IOException {
        ModelNode response;
        try {
            response = client().execute(op);
        } catch (IOException e) {
            dropClient();
            throw e;
        }
        if (!Operations.isSuccessfulOutcome(response)) {
            throw new IllegalStateException("management operation " + op.get("operation").asString() + " on "
                    + op.get("address").asString() + " failed: " + Operations.getFailureDescription(response).asString());
        }
        return Operations.readResult(response);
    }

    /** {@code /subsystem=datasources/xa-data-source=X} as a management address. */
    static ModelNode address(String path) {
        List<String> pairs = new ArrayList<>();
        for (String element : path.split("/")) {
            if (element.isEmpty()) {
                continue;
            }
            int eq = element.indexOf('=');
            if (eq <= 0 || eq == element.length() - 1) {
                throw new IllegalArgumentException("not a management address element: '" + element + "' in " + path);
            }
            pairs.add(element.substring(0, eq));
            pairs.add(element.substring(eq + 1));
        }
        return pairs.isEmpty() ? new ModelNode().setEmptyList() : Operations.createAddress(pairs.toArray(String[]::new));
    }

    static ModelNode op(String name, String path) {
        return Operations.createOperation(name, address(path));
    }

    ModelNode readAttribute(String path, String attribute) throws IOException {
        return execute(Operations.createReadAttributeOperation(address(path), attribute));
    }

    /** Whether the resource exists (a read of it succeeds). */
    boolean exists(String path) throws IOException {
        return Operations.isSuccessfulOutcome(client().execute(op("read-resource", path)));
    }

    /**
     * Runs one of the project's CLI scripts against the running server with {@code jboss-cli.sh}
     * (the scripts use the CLI's own language: if/end-if, batches, module add). Its output is only
     * shown when it fails.
     */
    void runScript(List<String> commands) throws IOException, InterruptedException {
        Path script = Files.createTempFile("steadfast-bench", ".cli");
        try {
            Files.write(script, commands);
            Process p = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                    "--controller=remote+http://" + base.getHost() + ":" + managementPort(), "--file=" + script)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("management CLI script failed:\n" + out);
            }
        } finally {
            Files.deleteIfExists(script);
        }
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

    boolean usesJournalStore() throws IOException {
        return readAttribute("/subsystem=transactions", "use-journal-store").asBoolean();
    }

    /** Transactions in Narayana's object store (in doubt or being completed), after a fresh probe. */
    int transactionLogEntries() throws IOException {
        execute(op("probe", "/subsystem=transactions/log-store=log-store"));
        ModelNode names = op("read-children-names", "/subsystem=transactions/log-store=log-store");
        names.get("child-type").set("transactions");
        return execute(names).asList().size();
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
            execute(Operations.createWriteAttributeOperation(address("/subsystem=transactions"), "use-journal-store", journal));
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
        ModelNode shutdown = op("shutdown", "");
        shutdown.get("restart").set(true);
        try {
            execute(shutdown);
        } catch (IOException expected) {
            // the connection drops while the server goes down
        }
        dropClient();
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
    void integrity(boolean on) throws IOException {
        String resource = "/system-property=" + INTEGRITY_SWITCH;
        if (exists(resource)) {
            execute(op("remove", resource));
        }
        if (!on) {
            ModelNode add = op("add", resource);
            add.get("value").set("false");
            execute(add);
        }
    }

    /**
     * Sets H2's write delay ({@code null}: the configured default, 0) and reloads the server, which
     * opens the database again with the new URL. Does nothing when it is already so.
     */
    void writeDelay(Integer millis) throws IOException, InterruptedException {
        String resource = "/system-property=" + WRITE_DELAY;
        Integer current = exists(resource) ? Integer.valueOf(readAttribute(resource, "value").asString()) : null;
        if (java.util.Objects.equals(current, millis)) {
            return;
        }
        if (current != null) {
            execute(op("remove", resource));
        }
        if (millis != null) {
            ModelNode add = op("add", resource);
            add.get("value").set(Integer.toString(millis));
            execute(add);
        }
        reloadAndWait(false);
    }

    static final String XA_DATASOURCE = "/subsystem=datasources/xa-data-source=SteadfastXADS";

    /** The database of the payments' XA datasource: its JDBC driver's name ({@code h2} or {@code postgresql}). */
    String database() throws IOException {
        return readAttribute(XA_DATASOURCE, "driver-name").asString();
    }

    /** The XA datasource's URL, user and password, with their expressions resolved, to connect as the server does. */
    record Connection(String url, String user, String password) {
        @Override
        public String toString() {
            return url + " as " + user; // never the password
        }
    }

    Connection connection() throws IOException {
        return new Connection(resolved(XA_DATASOURCE + "/xa-datasource-properties=URL", "value"), resolved(XA_DATASOURCE, "user-name"),
                resolved(XA_DATASOURCE, "password"));
    }

    private String resolved(String path, String attribute) throws IOException {
        ModelNode read = Operations.createReadAttributeOperation(address(path), attribute);
        read.get("resolve-expressions").set(true);
        return execute(read).asString();
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
        if (kind.equals("postgresql")) {
            requirePostgreSqlDriver();
        }
        reloadAndWait(true);
        runScript(Files.readAllLines(script).stream()
                .filter(l -> !l.startsWith("embed-server") && !l.startsWith("stop-embedded-server")).toList());
        reloadAndWait(false);
        if (!kind.equals(database())) {
            throw new IllegalStateException("the server still runs on " + database() + " after " + script.getFileName());
        }
    }

    /**
     * Reloads the server, into admin-only mode (model changes only, nothing served) or back to
     * serving, and waits for it with a deadline: for admin-only until the model says so, else
     * until the deployment answers.
     */
    /** Fails with what to do when the server has no PostgreSQL driver module to move to. */
    void requirePostgreSqlDriver() throws IOException {
        ModelNode loaderPaths = op("list-resource-loader-paths", "/core-service=module-loading");
        loaderPaths.get("module").set("org.postgresql");
        if (!Operations.isSuccessfulOutcome(client().execute(loaderPaths))) {
            throw new IllegalStateException("the server has no PostgreSQL driver module: start it once with mvn -Prun,postgresql package -DskipTests");
        }
    }

    private void reloadAndWait(boolean adminOnly) throws IOException, InterruptedException {
        ModelNode reload = op("reload", "");
        if (adminOnly) {
            reload.get("start-mode").set("admin-only");
        }
        try {
            execute(reload);
        } catch (IOException dropped) {
            // the connection may drop before the answer; the checks below say when it is done
        }
        dropClient();
        if (!adminOnly) {
            awaitUp(Duration.ofSeconds(180));
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (readAttribute("", "running-mode").asString().equals("ADMIN_ONLY")
                        && readAttribute("", "server-state").asString().equals("running")) {
                    return;
                }
            } catch (IOException | IllegalStateException reloading) {
                // not answering yet
            }
            Thread.sleep(500); // polling a condition with a deadline
        }
        throw new IllegalStateException("the server did not reach admin-only mode within 180 s");
    }

    /** Heap after a full collection, and the deployment's active HTTP sessions. */
    record Snapshot(long heapUsedBytes, long heapCommittedBytes, long activeSessions, int transactionLogEntries) {
    }

    Snapshot snapshot() throws IOException {
        execute(op("gc", "/core-service=platform-mbean/type=memory"));
        ModelNode heap = readAttribute("/core-service=platform-mbean/type=memory", "heap-memory-usage");
        long sessions = readAttribute("/deployment=steadfast.ear/subdeployment=steadfast-web.war/subsystem=undertow", "active-sessions").asLong();
        return new Snapshot(heap.get("used").asLong(), heap.get("committed").asLong(), sessions, transactionLogEntries());
    }

    Optional<String> problem() {
        int s = status("api/v1/baselines");
        return s == 200 ? Optional.empty() : Optional.of(s == 404
                ? "the server runs without the benchmark baselines: start it with steadfast.baselines.enabled=true (the README's run command does)"
                : s < 0 ? "nothing answers at " + base + ": start the server with the README's run command (mvn -Prun package -DskipTests)"
                : "GET /api/v1/baselines answered " + s);
    }
}
