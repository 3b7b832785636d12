package io.steadfast.database.application;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseStatusTest {

    @Test
    void postgreSqlWithoutPreparedTransactionsIsNotReadyAndSaysHowToFixIt() {
        DatabaseStatus s = DatabaseStatus.of("PostgreSQL", "15.8", "jdbc:postgresql://h/db", 0);

        assertThat(s.ready()).isFalse();
        assertThat(s.problem()).get().asString()
                .contains("max_prepared_transactions is 0")
                .contains("ALTER SYSTEM SET max_prepared_transactions = 64")
                .contains("restart")
                .contains("standalone-config/setup-postgresql.sh");
    }

    @Test
    void postgreSqlWithPreparedTransactionsIsReady() {
        DatabaseStatus s = DatabaseStatus.of("PostgreSQL", "15.8", "jdbc:postgresql://h/db", 64);

        assertThat(s.ready()).isTrue();
        assertThat(s.maxPreparedTransactions()).contains(64);
        assertThat(s.problem()).isEmpty();
    }

    @Test
    void h2HasNoSuchSettingAndIsReady() {
        DatabaseStatus s = DatabaseStatus.of("H2", "2.2.224", "jdbc:h2:x", null);

        assertThat(s.ready()).isTrue();
        assertThat(s.maxPreparedTransactions()).isEmpty();
    }

    @Test
    void aPostgreSqlCheckWithoutTheSettingIsABug() {
        assertThatThrownBy(() -> DatabaseStatus.of("PostgreSQL", "15.8", "jdbc:postgresql://h/db", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreachableDatabaseIsNotReady() {
        DatabaseStatus s = DatabaseStatus.unreachable("Connection refused");

        assertThat(s.ready()).isFalse();
        assertThat(s.problem()).get().asString().contains("Connection refused");
    }
}
