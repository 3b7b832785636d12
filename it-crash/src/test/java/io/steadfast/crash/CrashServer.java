package io.steadfast.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The WildFly this module prepared under target/, started, killed and restarted by the tests
 * themselves (not by Arquillian, which cannot restart a server it did not stop). It runs
 * {@code bin/standalone.sh} with the test property file and a port offset; {@link #kill()} sends
 * SIGKILL to the server's JVM (the script's child), exactly as {@code kill -9} would.
 */
final class CrashServer implements AutoCloseable {

    private final Path home;
    private final String serverConfig;
    private final Path properties;
    private final int portOffset;
    private final Path console;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path armDir;
    private final Path runConf;
    private final String classData;
    private List<String> agentOptions = List.of();
    private Process script;
    private ProcessHandle jvm;

    CrashServer(Path home, String serverConfig, Path properties, int portOffset, Path runConf, String classData) {
        this.home = home;
        this.serverConfig = serverConfig;
        this.properties = properties;
        this.portOffset = portOffset;
        this.console = home.resolve("standalone/log/crash-test-console.log");
        this.armDir = home.resolveSibling("crash-armed");
        this.runConf = runConf;
        this.classData = classData;
    }

    Path home() {
        return home;
    }

    /** JVM options for every start from now on (the Byteman agent, see {@link CrashServerExtension}). */
    void useByteman(List<String> options) {
        this.agentOptions = List.copyOf(options);
    }

    /**
     * Arms the Byteman rule {@code point} of crash-faults.btm: its next hit halts the server's JVM
     * (and disarms it, so the restart does not halt again). The rules look for a file of that name
     * in a folder the server is told at start ({@code steadfast.crash.arm-dir}); it survives
     * restarts, so a rule armed now may fire in the next server (a recovery pass, say).
     */
    void arm(String point) throws IOException {
        Files.createDirectories(armDir);
        Files.writeString(armDir.resolve(point), point);
    }

    /** Whether the rule {@code point} is still armed (has not fired). */
    boolean armed(String point) {
        return Files.exists(armDir.resolve(point));
    }

    /** Disarms every rule. */
    void disarmAll() throws IOException {
        if (Files.isDirectory(armDir)) {
            try (var files = Files.list(armDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** The probe web application's address ({@link io.steadfast.crash.probe.PreparedBranchesServlet}). */
    URI probe() {
        return URI.create("http://127.0.0.1:" + (8080 + portOffset) + "/crash-probe/");
    }

    /**
     * The transactions in Narayana's log store (the file store under the data folder): one file
     * each, below a folder of the record's type. Empty when nothing is left to recover.
     */
    List<Path> logStoreEntries() throws IOException {
        Path store = dataDir().resolve("tx-object-store");
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            try (var files = Files.walk(store)) {
                // Not transactions: each server's TransactionStatusManager entry (where to ask about
                // its live transactions; a killed server leaves its own) and the EISNAME records that
                // name each resource manager for recovery (kept for good).
                return files.filter(Files::isRegularFile).map(store::relativize)
                        .filter(p -> !p.toString().contains("TransactionStatusManager") && !p.toString().contains("EISNAME")).toList();
            } catch (java.io.UncheckedIOException e) {
                // Recovery deleted an entry between the walk's listing of a folder and its look at
                // the entry; the store is read again, as it is now.
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The simulated acquirer's memory (SimulatedAcquirer): one line per answer, forced before it was given. */
    Path acquirerMemory() {
        return dataDir().resolve("simulated-acquirer/answers.log");
    }

    static CrashServer fromSystemProperties() throws IOException {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path config = Path.of(System.getProperty("steadfast.config.dir"));
        return new CrashServer(home, System.getProperty("wildfly.server-config", "standalone.xml"),
                serverProperties(home, config), Integer.getInteger("crash.port-offset", 100), config.resolve("class-data.conf"),
                System.getProperty("steadfast.class-data", "off"));
    }

    /**
     * The class-data archive this server maps at start, as the run command's does
     * ({@code standalone-config/class-data.conf}), or null when the build turned it off
     * ({@code -Dsteadfast.class-data=off}).
     */
    Path classData() {
        return classData.isBlank() || classData.equals("off") ? null : Path.of(classData);
    }

    /**
     * The server's property file: the test server's ({@code test.properties}) with the run
     * configuration's recovery settings ({@code run.properties}: Narayana's recovery period and
     * backoff, the janitor's schedule and threshold) written over it, so that the time the crash
     * matrix measures from a restart to consistency is the one an operator of the run command gets.
     */
    static Path serverProperties(Path home, Path config) throws IOException {
        java.util.Properties merged = load(config.resolve("properties/test.properties"));
        java.util.Properties run = load(config.resolve("properties/run.properties"));
        for (String k : run.stringPropertyNames()) {
            if (k.startsWith("steadfast.tx.recovery") || k.startsWith("steadfast.janitor.")) {
                merged.setProperty(k, run.getProperty(k));
            }
        }
        Path file = home.resolve("standalone/crash-test.properties");
        try (var out = Files.newBufferedWriter(file)) {
            merged.store(out, "test.properties with run.properties' recovery settings (CrashServer.serverProperties)");
        }
        return file;
    }

    private static java.util.Properties load(Path file) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    /** A value of the server's property file (a recovery setting, say), or null. */
    String property(String key) throws IOException {
        return load(properties).getProperty(key);
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + (8080 + portOffset) + "/api/v1/");
    }

    Path dataDir() {
        return home.resolve("standalone/data");
    }

    Path serverLog() {
        return home.resolve("standalone/log/server.log");
    }

    /** Starts the server and returns once its JVM exists; {@link #awaitServing} waits for the API. */
    void start() throws IOException, InterruptedException {
        start(List.of());
    }

    /**
     * The same with extra JVM options for this start only (a Byteman agent and the property that
     * arms its rule, say).
     */
    void start(List<String> jvmOptions) throws IOException, InterruptedException {
        launch(agentOptions, jvmOptions);
    }

    /**
     * A start without the Byteman agent, whose clean stop writes the class-data archive: HotSpot
     * refuses to write one with a Java agent loaded ({@link CrashServerExtension}).
     */
    void startWithoutAgent() throws IOException, InterruptedException {
        launch(List.of(), List.of());
    }

    private void launch(List<String> agent, List<String> jvmOptions) throws IOException, InterruptedException {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException("the crash-test server is already running (pid " + jvm.pid() + ")");
        }
        Files.createDirectories(console.getParent());
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(), "-c", serverConfig,
                "-P=file:" + properties, "-Djboss.socket.binding.port-offset=" + portOffset, "-Djava.net.preferIPv4Stack=true"));
        // Extra server arguments, e.g. -Dcrash.server-args=-Dsteadfast.db.h2.write-delay=500 to see the test fail.
        String extra = System.getProperty("crash.server-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(databaseArguments());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        List<String> options = new ArrayList<>(agent);
        options.add("-Dsteadfast.crash.arm-dir=" + armDir);
        options.addAll(jvmOptions);
        pb.environment().put("JAVA_OPTS", String.join(" ", "-Xms256m -Xmx1g -Djava.net.preferIPv4Stack=true", String.join(" ", options)).trim());
        pb.environment().remove("JBOSS_HOME");
        // The run command's start-up settings: WildFly's standalone.conf, then class-data sharing.
        pb.environment().put("RUN_CONF", runConf.toString());
        pb.environment().put("STEADFAST_CLASS_DATA", classData);
        script = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            // The server's JVM (standalone.sh's first argument to java; the command line the JDK
            // reads is cut at 4 KB), not the short one with which class-data.conf checks an archive.
            Optional<ProcessHandle> found = script.descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("-D[Standalone]")).orElse(false)).findFirst();
            if (found.isPresent()) {
                jvm = found.get();
                return;
            }
            if (!script.isAlive()) {
                throw new IllegalStateException("standalone.sh ended before starting a JVM; see " + console);
            }
            Thread.sleep(50); // polling for the child process, with a deadline
        }
        throw new IllegalStateException("no server JVM appeared within 30 s; see " + console);
    }

    /** Whether the build chose PostgreSQL (-Ppostgresql): the server then runs on the crash-test database. */
    static boolean onPostgreSql() {
        return "postgresql".equals(System.getProperty("steadfast.db"));
    }

    /** The server's datasource settings on PostgreSQL (none on H2, whose files are under {@link #dataDir}). */
    static List<String> databaseArguments() {
        if (!onPostgreSql()) {
            return List.of();
        }
        return List.of("-Dsteadfast.db.url=" + System.getProperty("crash.db.url"), "-Dsteadfast.db.user=" + System.getProperty("crash.db.user"),
                "-Dsteadfast.db.password=" + System.getProperty("crash.db.password"));
    }

    /** Whether the server's JVM is alive. */
    boolean isRunning() {
        return jvm != null && jvm.isAlive();
    }

    /** Waits until the server's JVM ended by itself (a Byteman rule halted it, say). */
    void awaitDeath(Duration timeout) throws InterruptedException {
        awaitExit(timeout);
    }

    /**
     * Waits until {@code GET /api/v1/payments?limit=1} answers 200 (the EAR is deployed and the
     * database answers); the time that took.
     */
    Duration awaitServing(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("the server died while starting; see " + serverLog());
            }
            last = status(api().resolve("payments?limit=1"));
            if (last == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100); // polling a condition with a deadline
        }
        throw new IllegalStateException("the server did not serve GET /api/v1/payments within " + timeout.toSeconds() + " s (last "
                + last + "); see " + serverLog());
    }

    private int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL to the server's JVM, then waits until it and its script are gone. */
    void kill() throws InterruptedException {
        jvm.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** A clean shutdown (SIGTERM: WildFly's graceful stop), killing it only if that takes over 60 s. */
    @Override
    public void close() throws InterruptedException {
        if (jvm == null || !jvm.isAlive()) {
            return;
        }
        jvm.destroy();
        try {
            awaitExit(Duration.ofSeconds(60));
        } catch (IllegalStateException e) {
            kill();
        }
    }

    private void awaitExit(Duration timeout) throws InterruptedException {
        try {
            jvm.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            script.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the server JVM " + jvm.pid() + " did not exit within " + timeout.toSeconds() + " s");
        }
    }
}
