package io.steadfast.schema.infrastructure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The migrations on empty PostgreSQL databases, created and dropped here on the local server
 * ({@code steadfast.test.pg.host}, {@code .port}, {@code .user}, {@code .password}; default
 * 127.0.0.1:5432, user postgres, no password). When that server cannot be reached this test FAILS
 * with the reason, it never skips: CI provides the server.
 */
class PostgreSqlMigrationTest extends MigrationContract {

    private static final String HOST = System.getProperty("steadfast.test.pg.host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("steadfast.test.pg.port", 5432);
    private static final String USER = System.getProperty("steadfast.test.pg.user", "postgres");
    private static final String PASSWORD = System.getProperty("steadfast.test.pg.password", "");
    private static final String PREFIX = "steadfast_flyway_test_";
    private static final List<String> CREATED = new ArrayList<>();

    @BeforeAll
    static void serverIsThere() {
        try (Connection c = admin().getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + HOST + ":" + PORT + " as user " + USER + " (" + e.getMessage()
                    + "). This test needs it and does not skip: start the local PostgreSQL (see README) or set "
                    + "-Dsteadfast.test.pg.host/port/user/password.", e);
        }
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            for (String name : CREATED) {
                s.execute("drop database if exists " + name + " with (force)");
            }
        }
    }

    @Override
    DataSource emptyDatabase(String purpose) throws SQLException {
        String name = PREFIX + purpose;
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        }
        CREATED.add(name);
        return dataSource(name);
    }

    private static PGSimpleDataSource admin() {
        return dataSource("postgres");
    }

    private static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {HOST});
        ds.setPortNumbers(new int[] {PORT});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        ds.setConnectTimeout(5);
        return ds;
    }
}
