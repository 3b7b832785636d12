package io.steadfast.cluster;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster under test, run by {@code cluster.sh} (the README's command) in a folder of its own
 * under target/, on the test database. Every action is the script's: start, start-node,
 * stop-node, kill-node (kill -9 of the node's JVM, by the PID the node's folder holds), stop.
 */
final class Cluster implements AutoCloseable {

    static final URI BALANCER = URI.create("http://127.0.0.1:8080/api/v1/");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private final Path script = Path.of(System.getProperty("cluster.script"));
    private final Path dir = Path.of(System.getProperty("cluster.dir"));
    private final int nodes = 2;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    int nodes() {
        return nodes;
    }

    Path dir() {
        return dir;
    }

    /** Node {@code k}'s own API, bypassing the balancer. */
    static URI node(int k) {
        return URI.create("http://127.0.0.1:" + (8080 + 100 * k) + "/api/v1/");
    }

    void start() throws IOException, InterruptedException {
        run("start", "--nodes", Integer.toString(nodes), "--no-build");
    }

    /** Starts node {@code k} and returns what {@code cluster.sh} printed (it warms the node too). */
    String startNode(int k) throws IOException, InterruptedException {
        return run("start-node", Integer.toString(k));
    }

    /**
     * Starts node {@code k} as {@link #startNode} does, with the Byteman agent and the rules of
     * src/test/byteman/failover-faults.btm, which do nothing until {@link #arm} is called. Only
     * for this start: the next start of the node is plain again.
     */
    String startNodeWithFaults(int k) throws IOException, InterruptedException {
        String options = "-Djboss.modules.system.pkgs=org.jboss.byteman -Dsteadfast.crash.arm-dir=" + armDir()
                + " -javaagent:" + System.getProperty("byteman.agent") + "=script:" + System.getProperty("byteman.failover-rules");
        return run(Map.of("STEADFAST_CLUSTER_JAVA_OPTS", options), "start-node", Integer.toString(k));
    }

    private Path armDir() {
        return dir.resolve("armed");
    }

    /** Arms the rule {@code point} of failover-faults.btm: its next hit halts the node that runs with the faults. */
    void arm(String point) throws IOException {
        Files.createDirectories(armDir());
        Files.writeString(armDir().resolve(point), point);
    }

    /** Disarms every rule (one that did not fire must not fire later). */
    void disarmAll() throws IOException {
        if (Files.isDirectory(armDir())) {
            try (var files = Files.list(armDir())) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /**
     * The PID of node {@code k}'s JVM, from its {@code server.pid}. Read it before anything can
     * end the JVM: once the JVM is gone, {@code standalone.sh} deletes the file.
     */
    long pid(int k) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("node-" + k).resolve("server.pid")).trim());
    }

    /**
     * Waits until node {@code k}'s JVM, {@code pid}, has ended by itself (a rule halted it). The
     * PID is taken before the halt, from {@link #pid(int)}, because {@code standalone.sh} removes
     * {@code server.pid} as soon as the JVM has exited.
     */
    void awaitDeath(int k, long pid, Duration timeout) throws InterruptedException {
        java.util.Optional<ProcessHandle> jvm = ProcessHandle.of(pid);
        if (jvm.isEmpty()) {
            return;
        }
        try {
            jvm.get().onExit().get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("node-" + k + " (pid " + pid + ") still runs after " + timeout.toSeconds() + " s; see " + serverLog(k));
        }
    }

    /** Starts and warms node {@code k} without letting the balancer send it requests ({@code start-node K --hold}). */
    String startNodeHeld(int k) throws IOException, InterruptedException {
        return run("start-node", Integer.toString(k), "--hold");
    }

    /** Lets the balancer send node {@code k} requests ({@code enable-node K}); returns once the balancer says so. */
    String enableNode(int k) throws IOException, InterruptedException {
        return run("enable-node", Integer.toString(k));
    }

    /**
     * Whether the balancer lists node {@code k} with every context of it enabled (status 1 in
     * mod_cluster's DUMP: {@code node: [balancer id:node id],...,JVMRoute: node-K,...} and
     * {@code context: n [/path] vhost: v node: <node id> status: s}; Undertow's
     * {@code MCMPInfoUtil} writes the balancer's id first).
     */
    boolean isEnabled(int k) {
        return enabledIn(dump(), "node-" + k);
    }

    static boolean enabledIn(String dump, String route) {
        java.util.regex.Matcher node = java.util.regex.Pattern.compile("(?m)^node: \\[\\d+:(\\d+)\\],.*JVMRoute: " + java.util.regex.Pattern.quote(route) + ",").matcher(dump);
        if (!node.find()) {
            return false;
        }
        java.util.regex.Matcher context = java.util.regex.Pattern.compile("(?m)^context: \\d+ \\[[^]]*\\] vhost: \\d+ node: " + node.group(1) + " status: (\\d+)").matcher(dump);
        boolean any = false;
        while (context.find()) {
            if (!context.group(1).equals("1")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    void stopNode(int k) throws IOException, InterruptedException {
        run("stop-node", Integer.toString(k));
    }

    /** kill -9 of node {@code k}'s JVM. */
    void killNode(int k) throws IOException, InterruptedException {
        run("kill-node", Integer.toString(k));
    }

    /**
     * kill -9 of node {@code k}'s JVM from here (SIGKILL by its PID, as the script's kill-node
     * does), so that the moment of the kill is known to the nanosecond; returns that moment
     * ({@link System#nanoTime}, read once the signal has been sent). Waits until the process is gone.
     */
    long killNodeNow(int k) throws IOException, InterruptedException {
        long pid = pid(k);
        ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("node-" + k + " (pid " + pid + ") does not run"));
        jvm.destroyForcibly();
        long at = System.nanoTime(); // the signal is sent: no later than this
        try {
            jvm.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("node-" + k + " (pid " + pid + ") survived SIGKILL for 30 s");
        }
        return at;
    }

    boolean isRunning(int k) {
        try {
            return ProcessHandle.of(pid(k)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Starts every node that is not running (a test before may have killed one) and enables every one that is held. */
    void heal() throws IOException, InterruptedException {
        for (int k = 1; k <= nodes; k++) {
            if (!isRunning(k)) {
                startNode(k);
            }
        }
        awaitBalancerKnowsAll(Duration.ofSeconds(60));
        for (int k = 1; k <= nodes; k++) {
            if (!isEnabled(k)) {
                enableNode(k);
            }
        }
    }

    /** Waits until the balancer lists every node (mod_cluster's DUMP on its MCMP port). */
    void awaitBalancerKnowsAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String dump = "";
        while (System.nanoTime() < deadline) {
            dump = dump();
            boolean all = true;
            for (int k = 1; k <= nodes; k++) {
                all &= dump.contains("JVMRoute: node-" + k + ",");
            }
            if (all) {
                return;
            }
            Thread.sleep(200); // polling the balancer, with a deadline
        }
        throw new IllegalStateException("the balancer does not list every node after " + timeout.toSeconds() + " s: " + dump);
    }

    String dump() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8090/")).method("DUMP", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The server log of node {@code k}, for failure messages. */
    Path serverLog(int k) {
        return dir.resolve("node-" + k).resolve("log/server.log");
    }

    /** Runs {@code cluster.sh} with these arguments and returns what it printed (also in cluster-sh.log). */
    private String run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private String run(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        Path log = Files.createDirectories(dir).resolve("cluster-sh.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("STEADFAST_CLUSTER_DIR", dir.toString());
        env.put("STEADFAST_DB_URL", System.getProperty("cluster.db.url"));
        env.put("STEADFAST_DB_USER", System.getProperty("cluster.db.user"));
        env.put("STEADFAST_DB_PASSWORD", System.getProperty("cluster.db.password"));
        env.putAll(extraEnv);
        Process p = pb.start();
        if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " did not finish within " + SCRIPT_TIMEOUT.toMinutes() + " min; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " failed (exit " + p.exitValue() + "); see " + log + ":\n"
                    + tail(log));
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Stops the whole cluster cleanly when the test run ends. */
    @Override
    public void close() throws IOException, InterruptedException {
        run("stop");
    }
}
