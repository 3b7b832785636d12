package io.steadfast.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load driver against a tiny local HTTP server that answers 201 (and sometimes 500). */
class LoadDriverTest {

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean failEveryThird;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/payments", exchange -> {
            int n = received.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            boolean keyed = exchange.getRequestHeaders().getFirst("Idempotency-Key") != null;
            int status = !keyed ? 400 : failEveryThird && n % 3 == 0 ? 500 : 201;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/api/v1/cart/items", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            if (cookie == null) {
                exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=s" + sessions.incrementAndGet() + ".node-1; path=/; HttpOnly");
            } else {
                cartRequestsWithCookie.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger cartRequestsWithCookie = new AtomicInteger();

    @Test
    void theCartScenarioKeepsEachClientsSessionAndStartsANewOneEvery100Adds() throws Exception {
        URI cart = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/cart/items");
        LoadDriver.Result r = new LoadDriver(new LoadDriver.Options(cart, "closed", 2, 1, 1, 0, null, "cart"),
                new PrintStream(new ByteArrayOutputStream())).run();

        assertThat(r.errors()).isZero();
        int total = sessions.get() + cartRequestsWithCookie.get();
        assertThat(total).as("requests the server saw").isGreaterThan(200);
        // Each client sends its cookie back, except on the first add of each of its sessions.
        assertThat(sessions.get()).isBetween(total / LoadDriver.CART_SESSION_REQUESTS, total / LoadDriver.CART_SESSION_REQUESTS + 2);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/payments");
    }

    @Test
    void closedLoopCountsRequestsAndLatencies() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadDriver.Result r = new LoadDriver(new LoadDriver.Options(url(), "closed", 2, 1, 1, 0, null),
                new PrintStream(progress)).run();

        assertThat(r.requests()).isPositive().isLessThanOrEqualTo(received.get());
        assertThat(r.errors()).isZero();
        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(r.requests());
        assertThat(r.summary()).contains("closed:").contains("p99.9");
    }

    @Test
    void openLoopSendsExactlyTheScheduleAndCountsErrors() throws Exception {
        failEveryThird = true;
        LoadDriver.Result r = new LoadDriver(new LoadDriver.Options(url(), "open", 1, 50, 1, 0, null),
                new PrintStream(new ByteArrayOutputStream())).run();

        assertThat(r.requests()).isEqualTo(50);
        assertThat(received.get()).isEqualTo(50);
        assertThat(r.errors()).isEqualTo(50 / 3);
    }

    @Test
    void badOptionsAreRefusedClearly() {
        assertThatThrownBy(() -> LoadDriver.Options.parse(new String[] {"--mode", "sideways"})).hasMessageContaining("--mode").hasMessageContaining("sideways")
                .hasMessageContaining("closed, open");
        assertThatThrownBy(() -> LoadDriver.Options.parse(new String[] {"--clients", "0"})).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> LoadDriver.Options.parse(new String[] {"--scenario", "cart", "--mode", "open"})).hasMessageContaining("closed");
        assertThatThrownBy(() -> LoadDriver.Options.parse(new String[] {"--speed", "9"})).hasMessageContaining("Unknown option").hasMessageContaining("'--speed'");
    }
}
