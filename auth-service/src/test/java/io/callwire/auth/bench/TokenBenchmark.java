package io.callwire.auth.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.FreePorts;
import io.callwire.testing.PostgresResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Token issuance throughput of the PACKAGED auth-service ({@code target/quarkus-app/quarkus-run.jar},
 * local profile, demo data), against an embedded PostgreSQL and an embedded Artemis started here.
 * Not a test: run it with {@code auth-service/bench.sh}. Client and server share the machine, so
 * the numbers are a lower bound of what the service does alone.
 *
 * <p>Scenarios: {@code GET /token/me/rte/} (the RTE exchange: verify the caller's ES256 token,
 * sign a new one), {@code client_credentials} and {@code password} grants (bcrypt-bound).
 */
public final class TokenBenchmark {

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 10));
    /** -Dbench.onlyRte=true: the RTE exchange only. */
    private static final boolean ONLY_RTE = Boolean.getBoolean("bench.onlyRte");
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 30));

    private TokenBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "auth-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        int dbPort = PostgresResource.server().getPort();
        int amqpPort = AmqpBrokerResource.port();
        int httpPort = FreePorts.next();
        File log = File.createTempFile("auth-service-bench", ".log");
        Process service = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:" + dbPort + "/postgres",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
                "-Damqp-host=127.0.0.1", "-Damqp-port=" + amqpPort, "-Damqp-username=callwire", "-Damqp-password=callwire",
                "-Dquarkus.log.level=WARN",
                "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        String base = "http://127.0.0.1:" + httpPort;
        try {
            awaitReady(base, service, log);
            System.out.printf("auth-service up on %s (log %s); %d cores; %d connections, %ds warm-up, %ds measured%n",
                    base, log, Runtime.getRuntime().availableProcessors(), CONNECTIONS, WARMUP.toSeconds(), MEASURE.toSeconds());
            String accessToken = new JsonObject(post(base + "/oauth/token",
                    "grant_type=password&username=admin@demo.test&password=demo", null)).getString("access_token");

            // a client made through the API: its generated secret is stored as SHA-256 (the seeded
            // demo-integration secret is low-entropy and therefore bcrypt)
            String rootToken = new JsonObject(post(base + "/oauth/token",
                    "grant_type=password&username=root@callwire.test&password=demo", null)).getString("access_token");
            JsonObject client = new JsonObject(postJson(base + "/api/v1/clients", new JsonObject()
                    .put("organizationId", "6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f").put("name", "Benchmark")
                    .put("roles", new io.vertx.core.json.JsonArray().add("integration")).encode(), "Bearer " + rootToken));
            String clientBasic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (client.getString("clientId") + ":" + client.getString("clientSecret")).getBytes());

            Vertx vertx = Vertx.vertx();
            try {
                run(vertx, service, httpPort, "RTE exchange GET /token/me/rte/", CONNECTIONS, () -> new RequestOptions().setMethod(HttpMethod.GET)
                        .setURI("/token/me/rte/").putHeader("Authorization", "Bearer " + accessToken), null);
                if (!ONLY_RTE) {
                    run(vertx, service, httpPort, "client_credentials grant (generated secret)", CONNECTIONS, () -> new RequestOptions()
                            .setMethod(HttpMethod.POST).setURI("/oauth/token")
                            .putHeader("Content-Type", "application/x-www-form-urlencoded").putHeader("Authorization", clientBasic),
                            "grant_type=client_credentials");
                    run(vertx, service, httpPort, "password grant (bcrypt cost 11)", 16, () -> new RequestOptions().setMethod(HttpMethod.POST)
                            .setURI("/oauth/token").putHeader("Content-Type", "application/x-www-form-urlencoded"),
                            "grant_type=password&username=agent1@demo.test&password=demo");
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(Vertx vertx, Process service, int port, String name, int connections, Supplier<RequestOptions> request, String body)
            throws InterruptedException {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(connections));
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[] latencies = new long[2_000_000];
        AtomicLong recorded = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            loop(client, request, body, measuring, stop, ok, failed, latencies, recorded, done);
        }
        Thread.sleep(WARMUP.toMillis());
        long startOk = ok.get();
        long startFailed = failed.get();
        Duration cpuBefore = service.info().totalCpuDuration().orElse(Duration.ZERO);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(MEASURE.toMillis());
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long count = ok.get() - startOk;
        Duration cpu = service.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
        stop.set(true);
        done.await(30, TimeUnit.SECONDS);
        client.close();
        int n = (int) Math.min(recorded.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        // the service's own CPU time per request (all its threads): what the service would do with
        // the cores to itself, whatever the neighbours and the load generator take
        double cpuMicrosPerRequest = count == 0 ? 0 : cpu.toNanos() / 1e3 / count;
        System.out.printf("%-44s %8.0f req/s  (%d ok, %d failed in %.1fs)  p50 %.2f ms  p99 %.2f ms  service CPU %.0f us/req"
                + " (= %.0f req/s per dedicated core)%n", name,
                count / (elapsed / 1e9), count, failed.get() - startFailed, elapsed / 1e9,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, cpuMicrosPerRequest,
                cpuMicrosPerRequest == 0 ? 0 : 1e6 / cpuMicrosPerRequest);
    }

    private static void loop(io.vertx.core.http.HttpClient client, Supplier<RequestOptions> request, String body, AtomicBoolean measuring,
            AtomicBoolean stop, AtomicLong ok, AtomicLong failed, long[] latencies, AtomicLong recorded, CountDownLatch done) {
        if (stop.get()) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        Future<io.vertx.core.http.HttpClientResponse> response = client.request(request.get())
                .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)));
        response.compose(r -> r.body().map(b -> r.statusCode())).onComplete(result -> {
            if (result.succeeded() && result.result() == 200) {
                ok.incrementAndGet();
                if (measuring.get()) {
                    long index = recorded.getAndIncrement();
                    if (index < latencies.length) {
                        latencies[(int) index] = System.nanoTime() - sent;
                    }
                }
            } else {
                failed.incrementAndGet();
            }
            loop(client, request, body, measuring, stop, ok, failed, latencies, recorded, done);
        });
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void awaitReady(String base, Process service, File log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("auth-service exited; see " + log);
            }
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("kid")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("auth-service not ready within 90 s; see " + log);
    }

    private static String postJson(String url, String body, String authorization) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String post(String url, String form, String authorization) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
