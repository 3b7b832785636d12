package io.steadfast.it;

import io.steadfast.payment.domain.Payment;
import io.steadfast.vault.api.VaultConnection;
import io.steadfast.vault.api.VaultConnectionFactory;
import io.steadfast.vault.api.VaultStatistics;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Looks at the database and the vault directly, behind the application's back. */
@ApplicationScoped
public class Probe {

    @Resource(lookup = "java:jboss/datasources/SteadfastXADS")
    DataSource db;

    @Resource(lookup = "java:/eis/steadfast/Vault")
    VaultConnectionFactory vault;

    /** Runs an update with plain SQL, behind the application's back. */
    public void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    public long count(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as strings. */
    public java.util.List<String> strings(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            java.util.List<String> values = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the datasource is on PostgreSQL (else H2, the embedded default). */
    public boolean isPostgreSql() {
        try (Connection c = db.getConnection()) {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The database's own XA branches left prepared (in doubt): PostgreSQL's
     * {@code pg_prepared_xacts} of this database, H2's {@code INFORMATION_SCHEMA.IN_DOUBT}.
     */
    public long preparedDatabaseBranches() {
        return isPostgreSql() ? count("select count(*) from pg_prepared_xacts where database = current_database()")
                : count("select count(*) from information_schema.in_doubt");
    }

    /** PostgreSQL: every row of every table of the current schema, each as the text of its row value. */
    public java.util.List<String> everyRowAsText() {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (Connection c = db.getConnection()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (PreparedStatement ps = c.prepareStatement("select t::text from \"" + table.replace("\"", "\"\"") + "\" t");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean paymentRowExists(String paymentId) {
        return count("select count(*) from payment where id = ?", paymentId) == 1;
    }

    public long paymentRows() {
        return count("select count(*) from payment");
    }

    private static final String HOLD_KEY = "insert into idempotency_record (idempotency_key, request_hash, payment_id, amount_minor, "
            + "response_status, response_body, created_at, check_crc32c, check_amount_secded, check_seal) "
            + "values (?, 'held', 'held-by-a-test', 0, 201, '{}', current_timestamp, 0, 0, 'held')";

    /**
     * Holds {@code key} as a transaction on another node would while it runs: a JTA transaction
     * on another thread inserts the key's idempotency record and does not end until the returned
     * handle is closed, which rolls it back.
     */
    public AutoCloseable holdKey(String key) throws Exception {
        return hold(HOLD_KEY, key);
    }

    /**
     * Holds a payment's row locked, as an operation (a capture, a refund) running on another node
     * holds it until its transaction ends: see {@link #holdKey}.
     */
    public AutoCloseable holdPayment(String paymentId) throws Exception {
        return hold("select id from payment where id = ? for update", paymentId);
    }

    /** Runs {@code sql} with {@code arg} in a JTA transaction on another thread, which ends (rolled back) when the handle is closed. */
    private AutoCloseable hold(String sql, String arg) throws Exception {
        java.util.concurrent.CountDownLatch inserted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<?> holder = thread.submit(() -> {
            jakarta.transaction.TransactionManager tm = (jakarta.transaction.TransactionManager)
                    new javax.naming.InitialContext().lookup("java:/TransactionManager");
            tm.begin();
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, arg);
                ps.execute();
                inserted.countDown();
                release.await(120, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                tm.rollback();
            }
            return null;
        });
        if (!inserted.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            release.countDown();
            holder.get(30, java.util.concurrent.TimeUnit.SECONDS);
            throw new IllegalStateException("the holding transaction did not run within 30 s: " + sql);
        }
        return () -> {
            release.countDown();
            try {
                holder.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                thread.shutdown();
            }
        };
    }

    /**
     * PostgreSQL: leaves {@code key} held by a prepared transaction named {@code gid}, as a node
     * killed between its prepare and its commit leaves it until its recovery (in doubt). End it
     * with {@link #rollbackPrepared}.
     */
    public void prepareHoldingKey(String key, String gid) {
        try (Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("begin");
            try (PreparedStatement ps = c.prepareStatement(HOLD_KEY)) {
                ps.setString(1, key);
                ps.executeUpdate();
                st.execute("prepare transaction '" + gid + "'");
            } catch (SQLException e) {
                st.execute("rollback"); // the pooled connection must not go back inside a failed transaction block
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL: rolls back the prepared transaction {@code gid}. */
    public void rollbackPrepared(String gid) {
        update("rollback prepared '" + gid + "'");
    }

    public boolean receiptExists(String paymentId) {
        try (VaultConnection c = vault.getConnection()) {
            return c.exists(Payment.receiptKeyFor(paymentId));
        } catch (jakarta.resource.ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    public long receipts() {
        try (VaultConnection c = vault.getConnection()) {
            return c.list("receipt-").size();
        } catch (jakarta.resource.ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    public VaultStatistics vaultStatistics() {
        try (VaultConnection c = vault.getConnection()) {
            return c.statistics();
        } catch (jakarta.resource.ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores an object in the vault in a transaction of its own (the applier then writes it to the disks). */
    @jakarta.transaction.Transactional
    public void putInVault(String key, byte[] data) {
        try (VaultConnection c = vault.getConnection()) {
            c.put(key, data);
        } catch (jakarta.resource.ResourceException e) {
            throw new IllegalStateException(e);
        }
    }
}
