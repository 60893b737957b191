package io.callwire.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Closed-loop HTTP load (from auth-service's former TokenBenchmark): {@code connections} keep-alive
 * connections, each sending its next request as soon as the previous answer is read, for a warm-up
 * that lasts until the rate is steady and then a measured period. Reports requests per second,
 * latency and the server's own CPU time per request (all its threads), which says what the server
 * costs whatever its neighbours take.
 */
final class HttpLoad {

    /** What one closed-loop run measured, after {@code warmupSeconds} of warm-up. */
    record Outcome(double perSecond, long ok, long failed, LatencyHistogram latencies, double serverCpuMicrosPerRequest,
                   long warmupSeconds) {
    }

    /** The warm-up goes on in slices of this length until one slice's rate is within {@link #STEADY} of the one before. */
    private static final long SLICE_MILLIS = 5_000;
    private static final double STEADY = 0.05;
    /** A machine too noisy for two slices to agree still gets measured, after this long. */
    private static final long MAX_WARMUP_MILLIS = 120_000;

    /** Called when the measured window opens and when it closes (a profiler, database counters). */
    interface Window {
        Window NONE = new Window() {
        };

        default void opened() {
        }

        default void closed() {
        }
    }

    private HttpLoad() {
    }

    static Outcome run(Vertx vertx, String host, int port, int connections, long warmupSeconds, long seconds, long serverPid,
                       Supplier<RequestOptions> request, String body) throws InterruptedException {
        return run(vertx, host, port, connections, warmupSeconds, seconds, serverPid, request, body, Window.NONE);
    }

    static Outcome run(Vertx vertx, String host, int port, int connections, long warmupSeconds, long seconds, long serverPid,
                       Supplier<RequestOptions> request, String body, Window window) throws InterruptedException {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        LatencyHistogram latencies = new LatencyHistogram();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            loop(client, request, body, measuring, stop, ok, failed, latencies, done);
        }
        long warmedUp = TimeUnit.MILLISECONDS.toSeconds(warmUp(ok::get, TimeUnit.SECONDS.toMillis(warmupSeconds), SLICE_MILLIS,
                MAX_WARMUP_MILLIS));
        long okBefore = ok.get();
        long failedBefore = failed.get();
        window.opened();
        long cpuBefore = serverPid > 0 ? Machine.cpuNanos(serverPid) : 0;
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long count = ok.get() - okBefore;
        long cpu = serverPid > 0 ? Machine.cpuNanos(serverPid) - cpuBefore : 0;
        window.closed();
        stop.set(true);
        done.await(30, TimeUnit.SECONDS);
        client.close();
        return new Outcome(count / (elapsed / 1e9), count, failed.get() - failedBefore, latencies,
                count == 0 || serverPid <= 0 ? Double.NaN : cpu / 1e3 / count, warmedUp);
    }

    /**
     * At least {@code minMillis}, then slices of {@code sliceMillis} until one slice answered within
     * {@link #STEADY} of the one before, at most {@code maxMillis} in all. A fixed 10 s was not
     * enough: C2 was still compiling the JDK's P-256 arithmetic, and the RTE exchange measured
     * 1,435/s at 1,204 µs of server CPU per token after 10 s against 3,252/s at 524 µs after 30 s,
     * same build, minutes apart.
     *
     * @param answered the requests answered so far
     * @return the milliseconds the warm-up took
     */
    static long warmUp(LongSupplier answered, long minMillis, long sliceMillis, long maxMillis) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(minMillis);
        long previous = slice(answered, sliceMillis);
        while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < maxMillis) {
            long current = slice(answered, sliceMillis);
            if (Math.abs(current - previous) <= STEADY * previous) {
                break;
            }
            previous = current;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The requests answered in one slice. */
    private static long slice(LongSupplier answered, long sliceMillis) throws InterruptedException {
        long before = answered.getAsLong();
        Thread.sleep(sliceMillis);
        return answered.getAsLong() - before;
    }

    private static void loop(HttpClient client, Supplier<RequestOptions> request, String body, AtomicBoolean measuring,
                             AtomicBoolean stop, AtomicLong ok, AtomicLong failed, LatencyHistogram latencies, CountDownLatch done) {
        if (stop.get()) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        client.request(request.get())
                .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
                .compose(r -> r.body().map(b -> r.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded() && result.result() == 200) {
                        ok.incrementAndGet();
                        if (measuring.get()) {
                            latencies.recordNanos(System.nanoTime() - sent);
                        }
                    } else {
                        failed.incrementAndGet();
                    }
                    loop(client, request, body, measuring, stop, ok, failed, latencies, done);
                });
    }
}
