package io.callwire.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.callwire.contract.security.Roles;
import io.callwire.testing.FreePorts;
import io.callwire.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Scenario 4: webhook dispatch. The packaged notifier-service (every job persisted in PostgreSQL as in
 * production) delivering QueueStatus events to 100 endpoints of 100 organizations on a local Vert.x
 * sink that answers 200; then the same with 10 of the endpoints answering 503 (latency of the healthy
 * ones); and the bare Vert.x HTTP client posting the same bodies to the same sink as the ceiling.
 * Latency: publish (time carried in the event) → the sink reads the request, same JVM clock.
 */
final class WebhookScenario {

    static final double P99_BOUND_MS = 250;
    static final String ALL_200 = "all answer 200";
    static final String TEN_PERCENT_503 = "10% answer 503 (healthy endpoints' latency)";
    /** The fixed rate again, all answering 200, right before the 503 series: its baseline in the same state. */
    static final String ALL_200_BEFORE_503 = "all answer 200, just before the 503 series";
    private static final int ENDPOINTS = 100;
    /**
     * The webhooks' retries: seconds before each retry, and the latest a failing delivery's last attempt can
     * come (their sum plus the notifier's ±10 % jitter). The webhook's {@code scheduleSeconds} is
     * {@code [0, 1, 2, 4, 8]}: its element n is the delay after the n-th failure and {@code [0]} the first
     * attempt's, so {@code [1, 2, 4, 8]} (what earlier runs sent) retried 2, 4, 8 and 8 s later, not 1, 2, 4, 8.
     */
    private static final int[] RETRY_SCHEDULE = {1, 2, 4, 8};
    private static final int RETRY_SPAN_SECONDS = (int) Math.ceil(1.1 * java.util.Arrays.stream(RETRY_SCHEDULE).sum());
    private static final Buffer TIMESTAMP = Buffer.buffer("\"Timestamp\":\"");

    private final Context context;
    private final Options options;
    private final ScenarioResult result = new ScenarioResult("webhooks", "Webhook dispatch");
    private final List<Integer> rates;
    private final int fixedRate;
    private final long warmupNanos;
    private final long settleNanos;
    private final long measureNanos;
    private final List<UUID> organizations = new ArrayList<>();
    private final DeliveryMeter meter = new DeliveryMeter();
    /** 503 answers the sink gave (first attempts and retries): the failing endpoints' share of the load. */
    private final java.util.concurrent.atomic.LongAdder rejected = new java.util.concurrent.atomic.LongAdder();
    /** Baseline/503 pairs for the isolation figure, and the measured window and warm-up of each of their steps. */
    private final int isolationPairs;
    private final long isolationMeasureNanos;
    private final long isolationWarmupNanos;
    /** The PostgreSQL server of the Callwire run (0 for the ceiling). */
    private long postgresPid;
    /** Endpoints below this index answer 503 (0: all healthy). */
    private volatile int failing;
    /** The load generator's own CPU (the embedded broker, the publisher and the sink), split by thread group. */
    private final OwnCpu ownCpu = new OwnCpu();
    /** The Callwire run's infrastructure (null for the ceiling): transactions per delivery. */
    private Infrastructure infrastructure;

    WebhookScenario(Context context) {
        this.context = context;
        this.options = context.options();
        this.fixedRate = options.integer("fixed-rate", 1_000, 200);
        List<Integer> stepped = new ArrayList<>(options.integers("rates", "500,1000,2000,3000,4000,5000,6000,8000", "100,200,400"));
        if (!stepped.contains(fixedRate)) {
            stepped.add(fixedRate);
        }
        stepped.sort(Integer::compare);
        this.rates = stepped;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(options.integer("warmup", 10, 5));
        this.measureNanos = TimeUnit.SECONDS.toNanos(options.integer("seconds", 20, 10));
        this.settleNanos = TimeUnit.SECONDS.toNanos(options.integer("settle", 20, 5));
        this.isolationPairs = options.integer("isolation-pairs", 3, 3);
        if (isolationPairs < 1) {
            throw new IllegalArgumentException("--isolation-pairs must be at least 1, not " + isolationPairs);
        }
        this.isolationMeasureNanos = TimeUnit.SECONDS.toNanos(options.integer("isolation-seconds",
                (int) TimeUnit.NANOSECONDS.toSeconds(measureNanos), (int) TimeUnit.NANOSECONDS.toSeconds(measureNanos)));
        // a failing delivery is attempted at 0, 1, 3, 7 and 15 s (±10 %): a warm-up shorter than that would measure
        // the 503 step before its retries are all in flight, a lighter load than production's
        this.isolationWarmupNanos = Math.max(warmupNanos, TimeUnit.SECONDS.toNanos(RETRY_SPAN_SECONDS + 1));
        for (int i = 0; i < ENDPOINTS; i++) {
            organizations.add(UUID.randomUUID());
        }
        result.chart = true;
    }

    ScenarioResult run() throws Exception {
        System.out.printf("webhooks: %d endpoints (one per organization), rates %s deliveries/s, %d s warm-up + %d s per step%n",
                ENDPOINTS, rates, TimeUnit.NANOSECONDS.toSeconds(warmupNanos), TimeUnit.NANOSECONDS.toSeconds(measureNanos));
        HttpServer sink = context.vertx().createHttpServer().requestHandler(this::receive)
                .listen(FreePorts.next(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            // --no-ceiling: quick paired runs of two builds of the service (the ceiling does not change between them)
            Double[] ceiling = options.flag("no-ceiling") ? new Double[3] : ceiling(sink.actualPort());
            Double[] callwire = callwire(sink.actualPort());
            result.figure("sustained deliveries/s, p99 ≤ 250 ms", "deliveries/s", callwire[0], null, null, ceiling[0]);
            result.figure("p50 at " + fixedRate + " deliveries/s", "ms", callwire[1], null, null, ceiling[1]);
            result.figure("p99 at " + fixedRate + " deliveries/s", "ms", callwire[2], null, null, ceiling[2]);
            result.figure("p99 of healthy endpoints at " + fixedRate + " deliveries/s with 10% answering 503", "ms", callwire[3], null, null, null);
            result.figure("change of healthy endpoints' p99 with 10% answering 503 (median of " + isolationPairs + " pairs; target ≤ +20 %)",
                    "%", callwire[4], null, null, null);
            result.note("No webhook peer (Svix, Convoy, Hook0) installs on these machines: the bare Vert.x client posting the same bodies "
                    + "to the same sink (pool of 100 connections) is the reference.");
            result.note("Each webhook: POST, events [QueueStatus], retry 5 attempts (scheduleSeconds [0, 1, 2, 4, 8]: retried 1, 2, 4, 8 s after each failure, ±10 %), maxConnections 10; one webhook per "
                    + "organization, events round-robin over the organizations: one delivery per event.");
            result.note("CPU per delivery, every row: service = notifier-service's process; PostgreSQL = the postmaster and its "
                    + "backends; broker = the embedded Artemis's threads in the load generator's JVM (by name, ThreadMXBean); load generator "
                    + "= the rest of that JVM (publisher and sink on Vert.x's event loops, other threads, GC and JIT, which the broker's "
                    + "allocations share). Divided by the requests the sink received in the window and its 3 s tail.");
            return result;
        } finally {
            sink.close();
        }
    }

    private void receive(HttpServerRequest request) {
        String path = request.path();
        int endpoint = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        request.body().onSuccess(body -> {
            if (endpoint < failing) {
                // answered at once: a failing endpoint fails fast, its cost is the retries, not a held connection
                request.response().setStatusCode(503).end();
                rejected.increment();
                return;
            }
            request.response().setStatusCode(200).end();
            if (Frames.forEachSentAt(body, meter::delivered) == 0) {
                // the payload mapping dropped the publish time: fall back to the event's Timestamp (µs, wall clock)
                int at = Frames.indexOf(body, TIMESTAMP.getBytes(), 0);
                if (at >= 0) {
                    String timestamp = Frames.stringField(body, "Timestamp", at);
                    long ageNanos = Duration.between(Instant.parse(timestamp), Instant.now()).toNanos();
                    meter.delivered(System.nanoTime() - ageNanos);
                }
            }
        });
    }

    private Double[] ceiling(int sinkPort) throws Exception {
        io.vertx.core.http.HttpClient client = context.vertx().createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(sinkPort).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(100));
        AtomicLong round = new AtomicLong();
        try {
            steps("ceiling", ALL_200, 0, () -> {
                int endpoint = (int) (round.getAndIncrement() % ENDPOINTS);
                UUID organization = organizations.get(endpoint);
                String body = Frames.queueStatus(organization, UUID.randomUUID(), System.nanoTime());
                context.vertx().runOnContext(v -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/ep/" + endpoint)
                                .putHeader("Content-Type", "application/json"))
                        .compose(r -> r.send(body)).compose(r -> r.body()));
            });
        } finally {
            client.close();
        }
        Row fixed = result.at("ceiling", ALL_200, fixedRate);
        return new Double[] {result.highestSustained("ceiling", ALL_200, P99_BOUND_MS), fixed == null ? null : fixed.p50(),
                fixed == null ? null : fixed.p99()};
    }

    private Double[] callwire(int sinkPort) throws Exception {
        try (Infrastructure infrastructure = Infrastructure.start(context.work());
             AuthStandIn auth = AuthStandIn.start(context.vertx())) {
            List<String> properties = new ArrayList<>(List.of("-Xmx512m", "-Dquarkus.profile=local"));
            properties.addAll(infrastructure.serviceProperties("callwire_notifier"));
            // the notifier loads the revocations in force before it is ready: the stand-in plays auth-service
            properties.addAll(auth.serviceProperties());
            String extra = options.string("service-options");
            if (extra != null) {
                // extra JVM options for the service (comma-separated): a run-time switch measured against a run without it
                properties.addAll(List.of(extra.split(",")));
            }
            // --service-root: another checkout's packaged notifier-service (e.g. a worktree of main) driven by this
            // harness, so that a before/after pair is measured with the same load generator and the same figures
            String serviceRoot = options.string("service-root");
            java.nio.file.Path root = serviceRoot == null ? context.root() : java.nio.file.Path.of(serviceRoot);
            this.infrastructure = infrastructure;
            try (QuarkusService notifier = QuarkusService.start(root, "notifier-service", properties, Map.of(), context.work());
                 EventSink events = EventSink.artemis(context.vertx(), infrastructure.amqpPort())) {
                long ready = notifier.awaitReady(Duration.ofSeconds(180));
                System.out.printf("  notifier-service ready in %d ms on %s%n", ready, notifier.url());
                createWebhooks(URI.create(notifier.url()), sinkPort);
                prime(events);
                AtomicLong round = new AtomicLong();
                Runnable publish = () -> {
                    UUID organization = organizations.get((int) (round.getAndIncrement() % ENDPOINTS));
                    UUID queue = UUID.randomUUID();
                    events.publish(organization, "QueueStatus", queue, Frames.queueStatus(organization, queue, System.nanoTime()));
                };
                long postgres = infrastructure.postgresPid();
                postgresPid = postgres;
                long[] cpu = {Machine.cpuNanos(notifier.pid()), Machine.treeCpuNanos(postgres)};
                steps("callwire", ALL_200, notifier.pid(), publish);
                if (!options.flag("no-failing")) {
                    isolation(notifier.pid(), publish);
                }
                System.out.println("  busiest threads of the load generator's JVM over the run: " + String.join("; ", ownCpu.busiest(12)));
                result.note(String.format("CPU over the whole Callwire run: notifier-service %.1f s, PostgreSQL %.1f s.",
                        (Machine.cpuNanos(notifier.pid()) - cpu[0]) / 1e9, (Machine.treeCpuNanos(postgres) - cpu[1]) / 1e9));
            }
        }
        Row fixed = result.at("callwire", ALL_200, fixedRate);
        return new Double[] {result.highestSustained("callwire", ALL_200, P99_BOUND_MS), fixed == null ? null : fixed.p50(),
                fixed == null ? null : fixed.p99(), isolation == null ? null : nullIfNaN(isolation.failingP99()),
                isolation == null ? null : nullIfNaN(100 * isolation.p99Change())};
    }

    /** 503 answers the sink gave in the last step's window and its tail; in its window alone. */
    private long lastStepRejected;
    private long lastWindowRejected;

    /** The medians of the isolation pairs (null before they ran or with --no-failing). */
    private Isolation.Summary isolation;

    /**
     * Healthy-endpoint isolation: {@code --isolation-pairs} times, a fresh all-200 baseline at the fixed rate and,
     * right after it, the same rate with endpoints 0–9 answering 503; the figure is the median of the pairs'
     * changes. Before each pair everything drains (the stepped series may have ended saturated, and a 503 step
     * leaves retries due for up to 17 s), so no pair's baseline carries the previous step's backlog or retries.
     */
    private void isolation(long servicePid, Runnable publish) {
        result.unchartedSeries.add(ALL_200_BEFORE_503);
        result.unchartedSeries.add(TEN_PERCENT_503);
        List<Isolation.Pair> pairs = new ArrayList<>();
        List<List<Object>> table = new ArrayList<>();
        for (int pair = 1; pair <= isolationPairs; pair++) {
            drain();
            Row baseline = step("callwire", ALL_200_BEFORE_503, fixedRate, servicePid, publish, isolationWarmupNanos,
                    isolationMeasureNanos, "pair " + pair + " of " + isolationPairs);
            java.time.Instant windowStarted = Instant.now();
            failing = ENDPOINTS / 10;
            Row degraded;
            // with every retry generation in flight, each failing event costs 1 + retries requests: the 503 load a
            // production endpoint that keeps failing puts on the notifier
            double steady503PerSecond = fixedRate * (failing / (double) ENDPOINTS) * (1 + RETRY_SCHEDULE.length);
            try {
                degraded = step("callwire", TEN_PERCENT_503, fixedRate, servicePid, publish, isolationWarmupNanos, isolationMeasureNanos,
                        "pair " + pair + " of " + isolationPairs);
            } finally {
                failing = 0;
            }
            double answered503PerSecond = lastWindowRejected / (isolationMeasureNanos / 1e9);
            // the notifier's own record of its 503 attempts in this step: how many and how long each took to fail
            double[] attempts = infrastructure.numbers("callwire_notifier",
                    "select count(*), avg(latency_ms), percentile_cont(0.99) within group (order by latency_ms) from delivery_attempt "
                            + "where http_status = 503 and at >= ?", java.sql.Timestamp.from(windowStarted));
            Isolation.Pair measured = Isolation.Pair.of(baseline, degraded);
            pairs.add(measured);
            table.add(List.of(pair, baseline.p95(), baseline.p99(), degraded.p95(), degraded.p99(),
                    percent(measured.p95Change()), percent(measured.p99Change()),
                    String.format(java.util.Locale.ROOT, "%.0f/s (steady state %.0f/s)", answered503PerSecond, steady503PerSecond),
                    attempts == null ? "—" : String.format(java.util.Locale.ROOT, "%.0f attempts, mean %.1f ms, p99 %.0f ms",
                            attempts[0], attempts[1], attempts[2])));
        }
        isolation = Isolation.summarize(pairs);
        table.add(List.of("median", isolation.baselineP95(), isolation.baselineP99(), isolation.failingP95(), isolation.failingP99(),
                percent(isolation.p95Change()), percent(isolation.p99Change()), "", ""));
        result.table(new ScenarioResult.Table("isolation", "Healthy-endpoint isolation at " + fixedRate + " deliveries/s, "
                + isolationPairs + " pairs (baseline all 200, then 10 % answering 503)",
                List.of("pair", "baseline p95 ms", "baseline p99 ms", "503 step p95 ms", "503 step p99 ms", "p95 change", "p99 change",
                        "503 answers in the window", "notifier's 503 attempts (warm-up and window)"), table));
        result.note(String.format(java.util.Locale.ROOT, "Healthy-endpoint isolation: the median of %d pairs' p99 changes is %s "
                        + "(target: at most +20 %%, %s); p95 %s. Medians of the p99s on their own: %.1f ms all-200, %.1f ms with 10 %% "
                        + "answering 503. summary.json carries the median of the 503 steps' p99 (ms) and the median of the pairs' p99 changes (%%).",
                isolation.pairs(), percent(isolation.p99Change()), isolation.pairs() == 0 ? "not measured" : isolation.met() ? "met" : "missed",
                percent(isolation.p95Change()), isolation.baselineP99(), isolation.failingP99()));
        System.out.printf("  isolation: median p99 change %s over %d pairs (p95 %s)%n", percent(isolation.p99Change()), isolation.pairs(),
                percent(isolation.p95Change()));
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(java.util.Locale.ROOT, "%+.0f %%", 100 * fraction);
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /**
     * Waits until the notifier has no pending delivery and the sink has received nothing (200 or 503) for 3 s,
     * at most 120 s: what an overloaded step left is delivered and a 503 step's retries (due up to 17 s later)
     * are done. Quiet at the sink alone is not enough: a retry 8 s away looks like quiet.
     */
    private void drain() {
        long started = System.nanoTime();
        long last = meter.frames.sum() + rejected.sum();
        int quiet = 0;
        double pending = Double.NaN;
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
            Context.sleep(1_000);
            long now = meter.frames.sum() + rejected.sum();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
            if (quiet >= 3) {
                double[] row = infrastructure.numbers("callwire_notifier", "select count(*) from delivery where status = 'PENDING'");
                pending = row == null ? Double.NaN : row[0];
                if (row == null || pending == 0) {
                    break;
                }
            }
        }
        meter.take();
        System.out.printf("  drained in %d s (%s deliveries pending)%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                Double.isNaN(pending) ? "unknown" : String.format("%.0f", pending));
    }

    private void steps(String target, String series, long servicePid, Runnable publish) {
        settle(target, publish);
        for (int rate : rates) {
            Row row = step(target, series, rate, servicePid, publish);
            if (row.achieved() < 0.5 * rate) {
                System.out.printf("  %s saturated at %d deliveries/s; skipping its higher rates%n", target, rate);
                break;
            }
        }
    }

    /**
     * The lowest rate for a while, not recorded: priming reaches each endpoint once, but the first
     * measured step of a freshly started JVM still paid for compilation and pool growth.
     */
    private void settle(String target, Runnable publish) {
        Pacer.run(rates.get(0), settleNanos, publish);
        Context.sleep(3_000);
        meter.take();
        System.out.printf("  %s settled at %d deliveries/s for %d s%n", target, rates.get(0), TimeUnit.NANOSECONDS.toSeconds(settleNanos));
    }

    private Row step(String target, String series, int rate, long servicePid, Runnable publish) {
        return step(target, series, rate, servicePid, publish, warmupNanos, measureNanos, null);
    }

    private Row step(String target, String series, int rate, long servicePid, Runnable publish, long warmupNanos, long measureNanos,
                     String label) {
        Pacer.run(rate, warmupNanos, publish);
        String recording = profile(target, series, rate, servicePid, label);
        StepCost cost = StepCost.start(servicePid, postgresPid, infrastructure, "callwire_notifier", ownCpu);
        long receivedBefore = meter.frames.sum();
        long rejectedBefore = rejected.sum();
        meter.open();
        long sent = Pacer.run(rate, measureNanos, publish);
        meter.closeWindow();
        lastWindowRejected = rejected.sum() - rejectedBefore;
        Context.sleep(3_000);
        LatencyHistogram latencies = meter.take();
        lastStepRejected = rejected.sum() - rejectedBefore;
        StepCost.Spent spent = cost.finish();
        if (recording != null) {
            Jcmd.stopRecording(servicePid, "bench", java.nio.file.Path.of(recording + "-notifier.jfr"));
            Jcmd.stopRecording(ProcessHandle.current().pid(), "bench", java.nio.file.Path.of(recording + "-loadgen.jfr"));
        }
        long healthy = failing == 0 ? sent : sent * (ENDPOINTS - failing) / ENDPOINTS;
        // the CPU figures divide by every request the sink received while the CPU was counted (window and
        // tail), whichever event it carried: on a busy machine a backlogged service delivers older events,
        // and counting only this window's (latencies.count) would leave its work without a denominator
        long n = meter.frames.sum() - receivedBefore;
        String note = (label == null ? "" : label + ": ")
                + String.format("%d of %d healthy deliveries (%d requests received in the window and its tail)", latencies.count(), healthy, n)
                // a 503 step's CPU columns also pay for the failing attempts, divided by the healthy deliveries
                + (lastStepRejected > 0 ? String.format("; %d more answered 503 (the CPU columns include them, per healthy delivery)",
                lastStepRejected) : "")
                // the load generator's own split, transactions, system calls and switches per delivery
                + spent.note(n);
        double seconds = measureNanos / 1e9;
        // offered and achieved count what the healthy endpoints (those answering 200) get
        double healthyShare = (ENDPOINTS - failing) / (double) ENDPOINTS;
        Row row = Row.of(target, series, rate * healthyShare, latencies.count() / seconds, latencies, note).withCpu(spent.perDelivery(n));
        result.row(row);
        return row;
    }

    /**
     * With {@code --profile=DIR}: JFR recordings (the JDK's profile settings) of the service and of this
     * JVM (broker, publisher, sink) over the measured window, to {@code DIR/<target>-<rate>[-503|-before-503][-pairN]-notifier.jfr}
     * and {@code ...-loadgen.jfr}; answers the path without the suffix, or null.
     */
    private String profile(String target, String series, int rate, long servicePid, String label) {
        String directory = options.string("profile");
        if (directory == null || servicePid <= 0) {
            return null;
        }
        Jcmd.startRecording(servicePid, "bench");
        Jcmd.startRecording(ProcessHandle.current().pid(), "bench");
        String suffix = (series.equals(ALL_200) ? "" : series.equals(TEN_PERCENT_503) ? "-503" : "-before-503")
                // "pair 2 of 3" → "-pair2": each isolation pair keeps its own recordings
                + (label == null ? "" : "-" + String.join("", java.util.Arrays.copyOf(label.split(" "), 2)));
        return java.nio.file.Path.of(directory, target + "-" + rate + suffix).toAbsolutePath().toString();
    }

    /**
     * One event per organization, then waits until every endpoint has received one: the durable
     * subscription exists, the webhook index is loaded, the first connections are open and the
     * hottest code is compiled before anything is timed.
     */
    private void prime(EventSink events) {
        long received = meter.frames.sum();
        long started = System.nanoTime();
        for (UUID organization : organizations) {
            UUID queue = UUID.randomUUID();
            events.publish(organization, "QueueStatus", queue, Frames.queueStatus(organization, queue, System.nanoTime()));
        }
        while (meter.frames.sum() - received < ENDPOINTS && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
            Context.sleep(100);
        }
        System.out.printf("  primed: %d of %d endpoints reached in %d ms%n", meter.frames.sum() - received, ENDPOINTS,
                (System.nanoTime() - started) / 1_000_000);
    }

    private void createWebhooks(URI base, int sinkPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < ENDPOINTS; i++) {
            String token = TestTokens.access(organizations.get(i), UUID.randomUUID(), Roles.ORG_ADMIN).sign();
            String body = """
                    {"name": "bench %d", "url": "http://127.0.0.1:%d/ep/%d", "method": "POST", "events": ["QueueStatus"],
                     "retry": {"maxAttempts": 5, "scheduleSeconds": [0, 1, 2, 4, 8]}, "maxConnections": 10}
                    """.formatted(i, sinkPort, i);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/webhooks"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("webhook not created: " + response.statusCode() + " " + response.body());
            }
        }
        System.out.printf("  created %d webhooks%n", ENDPOINTS);
    }
}
