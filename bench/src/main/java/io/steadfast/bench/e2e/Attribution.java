package io.steadfast.bench.e2e;

import io.steadfast.bench.Jcmd;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measures what bounds a payment rather than guessing: the forces (fsync/fdatasync) the server
 * makes per request, by file, traced with strace; and the time its threads spend blocked on
 * monitors and locks, recorded with Java Flight Recorder.
 */
final class Attribution {

    private static final Pattern FORCE = Pattern.compile("^\\d+\\s+(fsync|fdatasync)\\((\\d+)(?:<([^>]*)>)?");

    private Attribution() {
    }

    /** Forces by file group while {@code load} runs, and the load's request count. */
    record Forces(Map<String, Long> byFile, long total, long requests) {

        double perRequest() {
            return requests == 0 ? 0 : (double) total / requests;
        }

        String describe() {
            return byFile.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%.2f %s", (double) e.getValue() / Math.max(1, requests), e.getKey()))
                    .collect(Collectors.joining(", "));
        }
    }

    static boolean straceAvailable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "strace")));
    }

    static Forces forces(long pid, Path dataDir, Callable<Long> load) throws Exception {
        return forces(List.of(pid), dataDir, load);
    }

    /** Forces of several processes (and the children they fork while traced), by file group. */
    static Forces forces(List<Long> pids, Path dataDir, Callable<Long> load) throws Exception {
        Path log = Files.createTempFile("steadfast-strace", ".log");
        List<String> command = new java.util.ArrayList<>(List.of("strace", "-f", "-y", "-qq", "-e", "trace=fsync,fdatasync", "-o",
                log.toString()));
        for (long pid : pids) {
            command.add("-p");
            command.add(Long.toString(pid));
        }
        Process strace = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (long pid : pids) {
                awaitTraced(pid, strace);
            }
            long requests = load.call();
            strace.destroy(); // SIGTERM: strace detaches from every thread and exits
            if (!strace.waitFor(60, TimeUnit.SECONDS)) {
                strace.destroyForcibly();
            }
            Map<String, Long> byFile = new TreeMap<>();
            long total = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = FORCE.matcher(line);
                if (m.find()) {
                    byFile.merge(group(dataDir, m.group(3)), 1L, Long::sum);
                    total++;
                }
            }
            Map<String, Long> sorted = new LinkedHashMap<>();
            byFile.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return new Forces(sorted, total, requests);
        } finally {
            if (strace.isAlive()) {
                strace.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    /** Waits until strace traces every thread of the process (TracerPid set), with a deadline. */
    private static void awaitTraced(long pid, Process strace) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!strace.isAlive()) {
                throw new IllegalStateException("strace exited at once (exit " + strace.exitValue()
                        + "): is ptrace allowed here (kernel.yama.ptrace_scope, same user)?");
            }
            boolean all = true;
            Path taskDir = Path.of("/proc", Long.toString(pid), "task");
            if (!Files.isDirectory(taskDir)) {
                return; // the process ended
            }
            try (Stream<Path> tasks = Files.list(taskDir)) {
                for (Path t : tasks.toList()) {
                    try {
                        String tracer = Files.readAllLines(t.resolve("status")).stream().filter(l -> l.startsWith("TracerPid:"))
                                .findFirst().orElse("TracerPid:\t0");
                        all &= !tracer.endsWith("\t0");
                    } catch (IOException gone) {
                        // the thread ended
                    }
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(100); // polling a condition with a deadline
        }
        throw new IllegalStateException("strace did not attach to every thread of " + pid + " within 60 s");
    }

    /** A file's group: its path under the data folder with ids and numbers folded, so one log counts once. */
    static String group(Path dataDir, String path) {
        if (path == null) {
            return "(unknown file)";
        }
        String p = path;
        String base = dataDir.toString() + "/";
        if (p.startsWith(base)) {
            p = p.substring(base.length());
        }
        // PostgreSQL's WAL segments are 24 hex digits; transaction ids and numbers fold the same way.
        p = p.replaceAll("[0-9A-F]{24}", "*").replaceAll("[0-9a-f]{2,}(?:[_:-][0-9a-f]+){2,}", "*").replaceAll("\\d+", "#");
        int slash = p.lastIndexOf('/');
        return slash > 0 && p.substring(slash).contains("*") ? p.substring(0, slash) + "/*" : p;
    }

    /**
     * Time the request threads spend blocked (monitors) or parked (locks, futures, conditions)
     * while {@code load} runs, waits of 1 ms or more, from a JFR recording of the server.
     */
    record Contention(double seconds, long requests, Map<String, Double> monitorMillis, Map<String, Double> lockMillis) {

        double blockedMillisPerRequest() {
            double total = monitorMillis.values().stream().mapToDouble(Double::doubleValue).sum()
                    + lockMillis.values().stream().mapToDouble(Double::doubleValue).sum();
            return requests == 0 ? 0 : total / requests;
        }

        String describe() {
            return "monitors: " + top(monitorMillis) + "; parked: " + top(lockMillis);
        }

        private String top(Map<String, Double> m) {
            if (m.isEmpty()) {
                return "none over 1 ms";
            }
            return m.entrySet().stream().limit(4)
                    .map(e -> String.format(Locale.ROOT, "%s %.2f ms/request", e.getKey(), e.getValue() / Math.max(1, requests)))
                    .collect(Collectors.joining(", "));
        }
    }

    static Contention contention(long pid, Duration window, Callable<Long> load) throws Exception {
        Path settings = Files.createTempFile("steadfast-locks", ".jfc");
        Path recording = Files.createTempFile("steadfast-locks", ".jfr");
        Files.writeString(settings, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="steadfast locks">
                  <event name="jdk.JavaMonitorEnter">
                    <setting name="enabled">true</setting>
                    <setting name="stackTrace">true</setting>
                    <setting name="threshold">1 ms</setting>
                  </event>
                  <event name="jdk.ThreadPark">
                    <setting name="enabled">true</setting>
                    <setting name="stackTrace">true</setting>
                    <setting name="threshold">1 ms</setting>
                  </event>
                </configuration>
                """);
        try {
            Jcmd.run(pid, "JFR.start", "name=steadfast-e2e", "settings=" + settings, "filename=" + recording);
            long requests;
            try {
                requests = load.call();
            } finally {
                Jcmd.run(pid, "JFR.stop", "name=steadfast-e2e");
            }
            Map<String, Double> monitors = new TreeMap<>();
            Map<String, Double> locks = new TreeMap<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
                // Only the threads that serve requests: what they wait on delays a payment. An
                // idle request thread parks in its pool's executor, which is no contention.
                String thread = e.getThread() == null ? "" : String.valueOf(e.getThread().getJavaName());
                if (!thread.startsWith("default task")) {
                    continue;
                }
                double ms = e.getDuration().toNanos() / 1e6;
                if (e.getEventType().getName().equals("jdk.JavaMonitorEnter")) {
                    monitors.merge(simple(className(e, "monitorClass")) + " in " + firstAppFrame(e), ms, Double::sum);
                } else if (e.getEventType().getName().equals("jdk.ThreadPark")) {
                    String blocker = className(e, "parkedClass");
                    if (!blocker.contains("EnhancedQueueExecutor")) {
                        locks.merge(simple(blocker) + " in " + firstAppFrame(e), ms, Double::sum);
                    }
                }
            }
            return new Contention(window.toMillis() / 1000.0, requests, sortDesc(monitors), sortDesc(locks));
        } finally {
            Files.deleteIfExists(settings);
            Files.deleteIfExists(recording);
        }
    }

    private static Map<String, Double> sortDesc(Map<String, Double> m) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String className(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return "?";
        }
        jdk.jfr.consumer.RecordedClass c = e.getValue(field);
        return c == null ? "?" : c.getName();
    }

    /** The first frame outside the JDK's own lock and concurrency classes: where the waiting happened. */
    private static String firstAppFrame(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return "?";
        }
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                // the last package segment too: "mcp.Semaphore" (IronJacamar's pool) is not java.util.concurrent's
                int cls = type.lastIndexOf('.');
                int pkg = cls > 0 ? type.lastIndexOf('.', cls - 1) : -1;
                return type.substring(pkg + 1) + "." + f.getMethod().getName();
            }
        }
        return frames.isEmpty() ? "?" : frames.get(0).getMethod().getName();
    }

    /** Live bytes per class (a full GC first), from {@code jcmd GC.class_histogram}. */
    static Map<String, Long> liveBytesByClass(long pid) throws IOException, InterruptedException {
        return parseHistogram(Jcmd.run(pid, "GC.class_histogram"));
    }

    static Map<String, Long> parseHistogram(String out) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE).matcher(out);
        while (m.find()) {
            bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        return bytes;
    }
}
