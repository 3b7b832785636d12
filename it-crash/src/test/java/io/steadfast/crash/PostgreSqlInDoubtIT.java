package io.steadfast.crash;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL's own branch in doubt (-Ppostgresql only): the Byteman rule {@code logged-before-commit}
 * (src/test/byteman/crash-faults.btm) halts the server's JVM once every branch of a payment is
 * prepared and Narayana has logged its decision, before phase two. PostgreSQL then holds the
 * payment as a prepared transaction ({@code pg_prepared_xacts}) that no reader sees. After a
 * restart on the same data, Narayana's periodic recovery commits it (and the vault's branch):
 * {@code pg_prepared_xacts} ends up empty, and the payment, its receipt and its idempotent
 * replay are all there.
 */
@ExtendWith(CrashServerExtension.class)
class PostgreSqlInDoubtIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private CrashServer server;

    @BeforeAll
    static void onPostgreSql() {
        assertThat(CrashServer.onPostgreSql()).as("this test runs with -Ppostgresql").isTrue();
    }

    @Test
    void recoveryCommitsAPostgreSqlBranchLeftPreparedByAKill(CrashServer server) throws Exception {
        this.server = server;
        String orderId = "in-doubt-" + UUID.randomUUID();
        String key = "k-" + orderId;
        String body = "{\"orderId\":\"" + orderId + "\",\"amount\":4321,\"currency\":\"EUR\",\"method\":\"wallet\"}";
        List<String> before = preparedTransactions();
        server.arm("logged-before-commit");

        assertThatThrownBy(() -> post(body, key)).as("the server halts before it answers").isInstanceOf(IOException.class);
        server.awaitDeath(Duration.ofSeconds(30));

        List<String> inDoubt = preparedTransactions();
        inDoubt.removeAll(before);
        assertThat(inDoubt).as("PostgreSQL's branch of the payment is prepared, in doubt").hasSize(1);
        assertThat(paymentRows(orderId)).as("no reader sees a prepared payment").isZero();

        server.start();
        server.awaitServing(Duration.ofSeconds(180));

        // Recovery runs on the run configuration's period (run.properties, see CrashServer.serverProperties).
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (preparedTransactions().contains(inDoubt.get(0)) && System.nanoTime() < deadline) {
            Thread.sleep(250); // polling a condition (Narayana's periodic recovery) with a deadline
        }
        assertThat(preparedTransactions()).as("recovery settled PostgreSQL's branch (server log: %s)", server.serverLog())
                .doesNotContain(inDoubt.get(0));
        assertThat(preparedTransactions()).as("pg_prepared_xacts is empty").isEmpty();
        assertThat(paymentRows(orderId)).as("committed, not rolled back").isEqualTo(1);

        HttpResponse<String> replay = post(body, key);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        String id = replay.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> receipt = HTTP.send(HttpRequest.newBuilder(server.api().resolve("payments/" + id + "/receipt"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        // The vault's branch was prepared too; recovery commits it on the same decision.
        long vaultDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receipt.statusCode() != 200 && System.nanoTime() < vaultDeadline) {
            Thread.sleep(250); // polling a condition (recovery of the vault's branch) with a deadline
            receipt = HTTP.send(HttpRequest.newBuilder(server.api().resolve("payments/" + id + "/receipt"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(receipt.statusCode()).as("the receipt: %s", receipt.body()).isEqualTo(200);
        System.out.println("PostgreSqlInDoubtIT: branch " + inDoubt.get(0) + " was in doubt after the halt and committed by recovery");
    }

    private HttpResponse<String> post(String body, String key) throws IOException, InterruptedException {
        URI uri = server.api().resolve("payments");
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(System.getProperty("crash.db.url"), System.getProperty("crash.db.user"),
                System.getProperty("crash.db.password"));
    }

    /** The gids of this database's prepared transactions. */
    private static List<String> preparedTransactions() throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select gid from pg_prepared_xacts where database = current_database()"); ResultSet rs = ps.executeQuery()) {
            List<String> gids = new ArrayList<>();
            while (rs.next()) {
                gids.add(rs.getString(1));
            }
            return gids;
        }
    }

    private static long paymentRows(String orderId) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select count(*) from payment where order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
