package io.steadfast.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the idempotency claim's bounded wait costs a transaction on PostgreSQL: the same small
 * transaction (an insert of a new key, then commit) without and with the statement the claim adds
 * ({@code SET LOCAL lock_timeout = '2s'}, docs/architecture.md), in alternating rounds on one
 * connection, into a temporary table (not WAL-logged, so the commit does not force and the
 * statement's round trip is as large a share of the transaction as it can be). Prints the time
 * per transaction of each and their ratio, per round.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.steadfast.bench.ClaimWaitProbe [jdbc-url [user [password]]]
 * </pre>
 *
 * The defaults are the run configuration's database (jdbc:postgresql://127.0.0.1:5432/steadfast,
 * user and password steadfast).
 */
public final class ClaimWaitProbe {

    private static final int TRANSACTIONS = 3_000;
    private static final int ROUNDS = 5;

    private ClaimWaitProbe() {
    }

    public static void main(String[] a) throws SQLException {
        String url = a.length > 0 ? a[0] : "jdbc:postgresql://127.0.0.1:5432/steadfast";
        String user = a.length > 1 ? a[1] : "steadfast";
        String password = a.length > 2 ? a[2] : "steadfast";
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table claim_wait_probe (k varchar(64) primary key, v text)");
            }
            c.setAutoCommit(false);
            for (int round = 1; round <= ROUNDS; round++) {
                long without = run(c, round, false);
                long with = run(c, round, true);
                System.out.printf("round %d: without %.1f us/transaction, with SET LOCAL %.1f us/transaction: %.2fx the time%n",
                        round, without / 1e3 / TRANSACTIONS, with / 1e3 / TRANSACTIONS, (double) with / without);
            }
        }
    }

    private static long run(Connection c, int round, boolean bounded) throws SQLException {
        long start = System.nanoTime();
        for (int i = 0; i < TRANSACTIONS; i++) {
            if (bounded) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '2s'");
                }
            }
            try (PreparedStatement p = c.prepareStatement("insert into claim_wait_probe values (?, ?)")) {
                p.setString(1, round + "-" + bounded + "-" + i);
                p.setString(2, "x");
                p.executeUpdate();
            }
            c.commit();
        }
        return System.nanoTime() - start;
    }
}
