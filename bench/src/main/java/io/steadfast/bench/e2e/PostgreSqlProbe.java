package io.steadfast.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * What the PostgreSQL under the server does for a payment: the forces its processes make, by file
 * (strace, as {@link Attribution} does for the server), the bytes of write-ahead log, what its
 * backends wait on ({@code pg_stat_activity}, sampled), and the CPU of its processes when they run
 * on this machine. ({@code pg_stat_wal} is not used: a backend that stays connected, as a pooled
 * one does, reports its WAL statistics only when it disconnects.) Connects with the server's own datasource
 * settings (read through the management CLI), so it measures the database the payments use.
 */
final class PostgreSqlProbe implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final Connection connection;
    private final String database;

    /** Connects as the server's XA datasource does. */
    PostgreSqlProbe(WildFlyServer.Connection c) throws SQLException {
        this(c.url(), c.user(), c.password());
    }

    PostgreSqlProbe(String url, String user, String password) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.connection = DriverManager.getConnection(url, user, password);
        this.database = one("select current_database()");
    }

    private String one(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** The settings that decide what a commit costs, for the report. */
    String describe() throws SQLException {
        return String.format(Locale.ROOT, "PostgreSQL %s (database %s): synchronous_commit=%s, fsync=%s, wal_sync_method=%s, "
                        + "commit_delay=%s, max_prepared_transactions=%s", one("show server_version"), database,
                one("show synchronous_commit"), one("show fsync"), one("show wal_sync_method"), one("show commit_delay"),
                one("show max_prepared_transactions"));
    }

    /** The current end of the write-ahead log, in bytes from its start (immediate, unlike pg_stat_wal). */
    long walPosition() throws SQLException {
        return Long.parseLong(one("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"));
    }

    /** What one measured load cost the database, per request. */
    record Cost(long requests, long walBytes, Attribution.Forces forces, double cpuMsPerRequest, Map<String, Double> waitShares,
                double activeBackends) {

        String describe() {
            double n = Math.max(1, requests);
            String waits = waitShares.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue() * 100)).collect(Collectors.joining(", "));
            String syncs = forces == null ? "forces not measured (strace is not installed, or PostgreSQL runs elsewhere)"
                    : String.format(Locale.ROOT, "**%.2f forces per payment** (traced: %s)", forces.perRequest(), forces.describe());
            return String.format(Locale.ROOT, "%s, %,.0f bytes of WAL per payment, database CPU %s per payment; backends busy "
                            + "on average %.1f, their samples: %s", syncs, walBytes / n, cpuMsPerRequest < 0 ? "not measured (not on this machine)"
                            : String.format(Locale.ROOT, "%.2f ms", cpuMsPerRequest), activeBackends, waits);
        }
    }

    /**
     * Runs {@code load} (which returns its request count) while sampling the backends of this
     * database every 10 ms, with the forces of every PostgreSQL process on this machine traced
     * (strace, when installed), and reads the WAL position and the database's CPU around it.
     */
    Cost measure(Callable<Long> load) throws Exception {
        long walBefore = walPosition();
        Map<Long, Long> cpuBefore = databaseCpuTicks();
        Map<String, Long> samples = new HashMap<>();
        long[] activeTotal = new long[2];
        AtomicBoolean done = new AtomicBoolean();
        Callable<Long> sampled = () -> {
            Thread sampler = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                    sample(s, samples, activeTotal, done);
                } catch (SQLException e) {
                    // the load's result still stands; the waits show as not sampled
                }
            }, "pg-wait-sampler");
            sampler.setDaemon(true);
            sampler.start();
            try {
                return load.call();
            } finally {
                done.set(true);
                sampler.join(TimeUnit.SECONDS.toMillis(10));
            }
        };
        Attribution.Forces forces = null;
        long requests;
        if (Attribution.straceAvailable() && !cpuBefore.isEmpty()) {
            long postmaster = cpuBefore.keySet().stream().filter(pid -> ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                    .map(parent -> !cpuBefore.containsKey(parent.pid())).orElse(true)).findFirst().orElseThrow();
            forces = Attribution.forces(List.copyOf(cpuBefore.keySet()), Path.of("/proc", Long.toString(postmaster), "cwd").toRealPath(),
                    sampled);
            requests = forces.requests();
        } else {
            requests = sampled.call();
        }
        Map<Long, Long> cpuAfter = databaseCpuTicks();
        long walBytes = walPosition() - walBefore;
        double cpuMs = cpuMsPerRequest(cpuBefore, cpuAfter, requests);
        long total = samples.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        samples.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> shares.put(e.getKey(), (double) e.getValue() / Math.max(1, total)));
        return new Cost(requests, walBytes, forces, cpuMs, shares, activeTotal[1] == 0 ? 0 : (double) activeTotal[0] / activeTotal[1]);
    }

    private void sample(Statement s, Map<String, Long> samples, long[] activeTotal, AtomicBoolean done) throws SQLException {
        String sql = "select state, wait_event_type, wait_event from pg_stat_activity where datname = current_database() "
                + "and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')";
        while (!done.get()) {
            int active = 0;
            try (ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    String state = r.getString(1);
                    String type = r.getString(2);
                    String event = r.getString(3);
                    String key = state.equals("idle in transaction") ? "waiting for the application (idle in transaction)"
                            : type == null ? "on CPU" : type + ":" + event;
                    samples.merge(key, 1L, Long::sum);
                    active += state.equals("active") ? 1 : 0;
                }
            }
            activeTotal[0] += active;
            activeTotal[1]++;
            try {
                Thread.sleep(10); // the sampling period, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** CPU ticks (1/100 s) of every postgres process on this machine, by pid; empty when there is none. */
    static Map<Long, Long> databaseCpuTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                .orElse(false)).forEach(p -> {
                    try {
                        ticks.put(p.pid(), WildFlyServer.cpuTicks(p.pid()));
                    } catch (IOException gone) {
                        // exited between the listing and the read
                    }
                });
        return ticks;
    }

    /**
     * The database's CPU per request between two readings of {@link #databaseCpuTicks}: a process
     * that started in between counts from zero. -1 when no PostgreSQL runs on this machine.
     */
    static double cpuMsPerRequest(Map<Long, Long> before, Map<Long, Long> after, long requests) {
        if (after.isEmpty()) {
            return -1;
        }
        long ticks = after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        return ticks * 10.0 / Math.max(1, requests);
    }

    static boolean runsHere() {
        return !databaseCpuTicks().isEmpty();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
