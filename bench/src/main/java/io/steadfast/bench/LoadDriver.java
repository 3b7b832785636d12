package io.steadfast.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives {@code POST /api/v1/payments} against a running server, each request with a unique
 * Idempotency-Key, and reports throughput and latency percentiles (HdrHistogram).
 *
 * <ul>
 *   <li>{@code closed}: N clients, each sending its next request when the previous one returns.</li>
 *   <li>{@code open}: requests start on a fixed schedule (rate per second) whatever the server
 *       does, and each latency is measured from the request's <em>intended</em> start, so a
 *       stalled server shows up in the percentiles instead of hiding (no coordinated omission).</li>
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.steadfast.bench.LoadDriver \
 *     --url http://localhost:8080/api/v1/payments --mode closed --clients 8 --seconds 30
 * java -cp bench/target/benchmarks.jar io.steadfast.bench.LoadDriver --mode open --rate 200 --seconds 30
 * </pre>
 */
public final class LoadDriver implements AutoCloseable {

    /** What to run. */
    public record Options(URI url, String mode, int clients, int rate, int seconds, int warmupSeconds, Path out, String scenario) {

        /** Payments. */
        public Options(URI url, String mode, int clients, int rate, int seconds, int warmupSeconds, Path out) {
            this(url, mode, clients, rate, seconds, warmupSeconds, out, Scenario.payment.name());
        }

        static Options parse(String[] args) {
            Args a = CommandLines.parse(new Args(), args);
            CommandLines.atLeast(1, a.clients, "--clients");
            CommandLines.atLeast(1, a.rate, "--rate");
            CommandLines.atLeast(1, a.seconds, "--seconds");
            CommandLines.atLeast(0, a.warmup, "--warmup");
            if (a.scenario == Scenario.cart && a.mode != Mode.closed) {
                throw new IllegalArgumentException("--scenario cart needs --mode closed: each client keeps its own session");
            }
            URI url = a.url != null ? a.url
                    : URI.create(a.scenario == Scenario.cart ? "http://localhost:8080/api/v1/cart/items" : "http://localhost:8080/api/v1/payments");
            return new Options(url, a.mode.name(), a.clients, a.rate, a.seconds, a.warmup, a.out, a.scenario.name());
        }
    }

    enum Mode { closed, open }

    /**
     * {@code payment}: POST a wallet payment. {@code cart}: POST an item to the client's cart, in
     * the client's own HTTP session (its cookie), one of 10 SKUs in turn; every
     * {@link #CART_SESSION_REQUESTS} adds the client starts a new session, so carts stay small.
     */
    enum Scenario { payment, cart }

    static final int CART_SESSION_REQUESTS = 100;

    @Command(name = "LoadDriver", mixinStandardHelpOptions = true,
            description = "Drives POST /api/v1/payments (or a cart: --scenario cart), each request with a unique Idempotency-Key, "
                    + "and reports throughput and latency.")
    static final class Args {
        @Option(names = "--url", description = "endpoint (default http://localhost:8080/api/v1/payments, or .../cart/items for the cart)")
        URI url;
        @Option(names = "--scenario", description = "payment or cart (adds to a cart in the client's own session); default ${DEFAULT-VALUE}")
        Scenario scenario = Scenario.payment;
        @Option(names = "--mode", description = "closed (N clients) or open (a fixed rate); default ${DEFAULT-VALUE}")
        Mode mode = Mode.closed;
        @Option(names = "--clients", description = "closed loop: concurrent clients (default ${DEFAULT-VALUE})")
        int clients = 8;
        @Option(names = "--rate", description = "open loop: requests per second (default ${DEFAULT-VALUE})")
        int rate = 100;
        @Option(names = "--seconds", description = "measured seconds (default ${DEFAULT-VALUE})")
        int seconds = 30;
        @Option(names = "--warmup", description = "seconds before measuring (default ${DEFAULT-VALUE})")
        int warmup = 5;
        @Option(names = "--out", description = "also write the summary to this file")
        Path out;
    }

    /** The outcome of a run (the measured part, after warm-up). */
    public record Result(String mode, long requests, long errors, double seconds, Histogram latencyMicros) {

        public double throughput() {
            return requests / seconds;
        }

        public String summary() {
            Histogram h = latencyMicros;
            return String.format(Locale.ROOT, "%s: %,d requests in %.1f s = %,.1f req/s, %d errors; latency ms p50 %.2f p90 %.2f p99 %.2f "
                            + "p99.9 %.2f max %.2f", mode, requests, seconds, throughput(), errors,
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
        }
    }

    private final Options options;
    private final HttpClient http;
    private final ExecutorService httpThreads;
    private final PrintStream progress;
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean measuring;

    public LoadDriver(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
        this.httpThreads = Executors.newFixedThreadPool(Math.max(4, options.clients()), r -> {
            Thread t = new Thread(r, "load-driver-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(httpThreads).build();
    }

    /** Stops the HTTP client's threads; a driver that has run is done. */
    @Override
    public void close() {
        httpThreads.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadDriver: " + e.getMessage());
            System.exit(2);
            return;
        }
        Result r = new LoadDriver(o, System.err).run();
        System.out.println(r.summary());
        if (o.out() != null) {
            Files.writeString(o.out(), r.summary() + System.lineSeparator());
        }
        System.exit(0);
    }

    /** A closed-loop client's HTTP session in the cart scenario: its cookie, and how many adds it has made. */
    private static final class CartSession {
        String cookie;
        int requests;
    }

    private HttpRequest cartRequest(CartSession session) {
        if (session.requests++ % CART_SESSION_REQUESTS == 0) {
            session.cookie = null; // a new customer
        }
        String body = "{\"sku\":\"sku-" + session.requests % 10 + "\",\"unitAmount\":100,\"quantity\":1,\"currency\":\"EUR\"}";
        HttpRequest.Builder b = HttpRequest.newBuilder(options.url()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session.cookie != null) {
            b.header("Cookie", session.cookie);
        }
        return b.build();
    }

    /** Keeps the session cookie the server set (name=value only). */
    private static void remember(CartSession session, HttpResponse<?> response) {
        response.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0].trim())
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().ifPresent(c -> session.cookie = c);
    }

    private HttpRequest request() {
        String key = UUID.randomUUID().toString();
        String body = "{\"orderId\":\"load-" + key.substring(0, 8) + "\",\"amount\":1999,\"currency\":\"EUR\",\"method\":\"wallet\"}";
        return HttpRequest.newBuilder(options.url()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void record(long intendedStartNanos, boolean ok) {
        long micros = Math.max(1, (System.nanoTime() - intendedStartNanos) / 1000);
        if (measuring) {
            recorder.recordValue(micros);
            completed.incrementAndGet();
            if (!ok) {
                errors.incrementAndGet();
            }
        }
    }

    public Result run() throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(options.seconds());
        Thread ticker = new Thread(() -> tick(measureFrom, end), "load-driver-progress");
        ticker.setDaemon(true);
        ticker.start();
        if (options.mode().equals("closed")) {
            runClosed(measureFrom, end);
        } else {
            runOpen(start, measureFrom, end);
        }
        measuring = false;
        ticker.interrupt();
        Histogram h = recorder.getIntervalHistogram();
        return new Result(options.mode(), completed.get(), errors.get(), options.seconds(), h);
    }

    private void runClosed(long measureFrom, long end) throws InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(options.clients());
        for (int c = 0; c < options.clients(); c++) {
            clients.submit(() -> {
                CartSession session = options.scenario().equals(Scenario.cart.name()) ? new CartSession() : null;
                while (System.nanoTime() < end) {
                    measuring = System.nanoTime() >= measureFrom;
                    long t0 = System.nanoTime();
                    inFlight.incrementAndGet();
                    boolean ok;
                    try {
                        HttpResponse<Void> r = http.send(session == null ? request() : cartRequest(session), HttpResponse.BodyHandlers.discarding());
                        if (session != null) {
                            remember(session, r);
                        }
                        ok = r.statusCode() / 100 == 2;
                    } catch (IOException e) {
                        ok = false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        inFlight.decrementAndGet();
                    }
                    record(t0, ok);
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(options.seconds() + options.warmupSeconds() + 60L, TimeUnit.SECONDS);
    }

    private void runOpen(long start, long measureFrom, long end) throws InterruptedException {
        long interval = 1_000_000_000L / options.rate();
        long total = (end - start) / interval;
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            measuring = intended >= measureFrom;
            boolean counted = measuring;
            inFlight.incrementAndGet();
            pending.add(http.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                inFlight.decrementAndGet();
                if (counted) {
                    long micros = Math.max(1, (System.nanoTime() - intended) / 1000);
                    recorder.recordValue(micros);
                    completed.incrementAndGet();
                    if (e != null || r.statusCode() / 100 != 2) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
            if (pending.size() > 10_000) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        measuring = true;
        for (CompletableFuture<?> f : pending) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                errors.incrementAndGet();
            }
        }
    }

    /** A live progress line every second. */
    private void tick(long measureFrom, long end) {
        long last = 0;
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            long now = System.nanoTime();
            long done = completed.get();
            String phase = now < measureFrom ? "warm-up" : now < end ? "measuring" : "draining";
            progress.printf(Locale.ROOT, "\r[%s %3ds left] %,7d req/s, %,d done, %d errors, %d in flight   ",
                    phase, Math.max(0, (end - now) / 1_000_000_000L), done - last, done, errors.get(), inFlight.get());
            last = done;
        }
        progress.println();
    }
}
