package io.steadfast.database.application;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseInspectionTest {

    private static DataSource failing(Throwable failure) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    throw failure;
                });
    }

    @Test
    void aDatabaseThatRefusesConnectionsIsAnAnswerNotAnException() {
        DatabaseStatus s = DatabaseInspection.inspect(failing(new SQLException("Connection refused")));

        assertThat(s.ready()).isFalse();
        assertThat(s.problem()).get().asString().contains("does not answer").contains("SQLException: Connection refused");
    }

    @Test
    void aPoolThatFailsWithARuntimeExceptionIsAnAnswerToo() {
        DatabaseStatus s = DatabaseInspection.inspect(failing(new IllegalStateException("pool is shut down")));

        assertThat(s.ready()).isFalse();
        assertThat(s.problem()).get().asString().contains("IllegalStateException: pool is shut down");
    }
}
