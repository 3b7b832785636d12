package io.steadfast.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The cluster's shared database, read by the tests (never written). */
final class Database {

    private Database() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("cluster.db.url"), System.getProperty("cluster.db.user"),
                System.getProperty("cluster.db.password"));
    }

    /** A scheduled task's row (migration V5): the fire it last ran for, where, how often. */
    record TaskRow(Instant lastFire, String lastNode, long runs) {
    }

    static TaskRow task(String name) throws SQLException {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("select last_fire, last_node, runs from scheduled_task where name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new AssertionError("no scheduled_task row " + name);
                }
                return new TaskRow(r.getTimestamp(1).toInstant(), r.getString(2), r.getLong(3));
            }
        }
    }

    /** The transactions prepared and not yet settled in the cluster's database (PostgreSQL's pg_prepared_xacts). */
    static long preparedTransactions() throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "select count(*) from pg_prepared_xacts where database = current_database()");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** How many payments carry {@code idempotencyKey}. */
    static long paymentsWithKey(String idempotencyKey) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("select count(*) from payment where idempotency_key = ?")) {
            s.setString(1, idempotencyKey);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
