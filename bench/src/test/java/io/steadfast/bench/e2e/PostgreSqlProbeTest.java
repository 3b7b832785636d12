package io.steadfast.bench.e2e;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end tool's PostgreSQL probe against the local PostgreSQL (run only with
 * -Ppostgresql, after standalone-config/setup-postgresql.sh): a known load of single-row commits
 * must show WAL written and, when strace is installed, a force of the WAL per commit at
 * synchronous_commit=on, and the database's processes on this machine must have used CPU for it.
 */
class PostgreSqlProbeTest {

    private static final String URL = System.getProperty("steadfast.it.db.url", "jdbc:postgresql://127.0.0.1:5432/steadfast_pg_it");
    private static final String USER = System.getProperty("steadfast.db.user", "steadfast");
    private static final String PASSWORD = System.getProperty("steadfast.db.password", "steadfast");

    @Test
    void aLoadOfCommitsShowsItsWalSyncsWaitsAndCpu() throws Exception {
        int commits = 300;
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement();
             PostgreSqlProbe probe = new PostgreSqlProbe(URL, USER, PASSWORD)) {
            s.execute("create table if not exists bench_probe_test (id serial primary key, note text)");
            assertThat(probe.describe()).contains("synchronous_commit=on").contains("max_prepared_transactions=");

            PostgreSqlProbe.Cost cost = probe.measure(() -> {
                try (PreparedStatement insert = c.prepareStatement("insert into bench_probe_test (note) values (?)")) {
                    for (int i = 0; i < commits; i++) {
                        insert.setString(1, "commit " + i);
                        insert.executeUpdate(); // autocommit: one transaction each
                    }
                }
                return (long) commits;
            });

            System.out.println("PostgreSQL probe, " + commits + " serial commits: " + cost.describe());
            assertThat(cost.requests()).isEqualTo(commits);
            assertThat(cost.walBytes()).as("WAL bytes").isGreaterThanOrEqualTo(commits * 50L);
            assertThat(cost.cpuMsPerRequest()).as("database CPU per commit (PostgreSQL runs here)").isGreaterThan(0);
            if (Attribution.straceAvailable()) {
                // Serial commits at synchronous_commit=on: each waits for its own WAL flush.
                assertThat(cost.forces().perRequest()).as("forces per commit: " + cost.describe()).isBetween(0.9, 3.0);
                assertThat(cost.forces().byFile().keySet()).as("forced files").anyMatch(f -> f.startsWith("pg_wal/"));
            } else {
                assertThat(cost.forces()).isNull();
                assertThat(cost.describe()).contains("forces not measured");
            }
            s.execute("drop table bench_probe_test");
        }
    }
}
