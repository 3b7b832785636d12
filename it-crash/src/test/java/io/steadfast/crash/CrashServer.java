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
    private Process script;
    private ProcessHandle jvm;

    CrashServer(Path home, String serverConfig, Path properties, int portOffset) {
        this.home = home;
        this.serverConfig = serverConfig;
        this.properties = properties;
        this.portOffset = portOffset;
        this.console = home.resolve("standalone/log/crash-test-console.log");
    }

    static CrashServer fromSystemProperties() {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path config = Path.of(System.getProperty("steadfast.config.dir"));
        return new CrashServer(home, System.getProperty("wildfly.server-config", "standalone-ha.xml"),
                config.resolve("properties/test.properties"), Integer.getInteger("crash.port-offset", 100));
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
        pb.environment().put("JAVA_OPTS", String.join(" ", "-Xms256m -Xmx1g -Djava.net.preferIPv4Stack=true", String.join(" ", jvmOptions)).trim());
        pb.environment().remove("JBOSS_HOME");
        script = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> found = script.descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")).orElse(false)).findFirst();
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
