package io.steadfast.schema.infrastructure;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicInteger;

/** The migrations on an empty in-process H2 database, with the server's H2 version. */
class H2MigrationTest extends MigrationContract {

    private static final AtomicInteger NEXT = new AtomicInteger();

    @Override
    DataSource emptyDatabase(String purpose) {
        return h2("migration-" + purpose + "-" + NEXT.incrementAndGet());
    }

    static DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("sa");
        return ds;
    }
}
