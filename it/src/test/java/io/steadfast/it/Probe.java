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
