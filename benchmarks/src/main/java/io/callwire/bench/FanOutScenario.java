package io.callwire.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.callwire.contract.security.Roles;
import io.callwire.testing.FreePorts;
import io.callwire.testing.TestTokens;

/**
 * Scenario 1–3: WebSocket fan-out. The same N clients (each on its own User entity, one of N/10
 * queues and one queue everybody watches) against Callwire's {@code /rte}, RabbitMQ Web-STOMP fed
 * over AMQP, and the bare Vert.x ceiling; QueueStatus events at stepped delivery rates, ten
 * deliveries per event ("10 per queue") and N per event ("broadcast").
 */
final class FanOutScenario {

    static final double P99_BOUND_MS = 200;
    static final String QUEUES = "10 per queue";
    static final String BROADCAST = "broadcast";

    private final Context context;
    private final Options options;
    private final ScenarioResult result = new ScenarioResult("fanout", "WebSocket fan-out");
    /** This JVM's CPU split by thread group: the embedded broker apart from the clients and the publisher. */
    private final OwnCpu ownCpu = new OwnCpu();
    private final int connections;
    private final List<Integer> rates;
    private final int fixedRate;
    private final long warmupNanos;
    private final long settleNanos;
    private final long measureNanos;
    private final UUID organization = UUID.randomUUID();
    private final List<UUID> queues = new ArrayList<>();
    private final UUID broadcastQueue = UUID.randomUUID();
    private final List<Subscriber> subscribers = new ArrayList<>();

    FanOutScenario(Context context) {
        this.context = context;
        this.options = context.options();
        this.connections = options.integer("connections", 10_000, 500);
        this.fixedRate = options.integer("fixed-rate", 10_000, 1_000);
        List<Integer> stepped = new ArrayList<>(options.integers("rates", "10000,20000,30000,40000,50000,60000,80000,100000", "1000,2000,4000"));
        if (!stepped.contains(fixedRate)) {
            stepped.add(fixedRate);
        }
        stepped.sort(Integer::compare);
        this.rates = stepped;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(options.integer("warmup", 5, 2));
        this.measureNanos = TimeUnit.SECONDS.toNanos(options.integer("seconds", 20, 10));
        this.settleNanos = TimeUnit.SECONDS.toNanos(options.integer("settle", 20, 5));
        for (int i = 0; i < Math.max(1, connections / 10); i++) {
            queues.add(UUID.randomUUID());
        }
        for (int i = 0; i < connections; i++) {
            subscribers.add(new Subscriber(organization, UUID.randomUUID(), queues.get(i % queues.size()), broadcastQueue));
        }
        result.chart = true;
    }

    ScenarioResult run() throws Exception {
        System.out.printf("fan-out: %d connections, %d queues (10 subscribers each) + 1 broadcast queue, rates %s deliveries/s, %d s warm-up + %d s per step%n",
                connections, queues.size(), rates, TimeUnit.NANOSECONDS.toSeconds(warmupNanos), TimeUnit.NANOSECONDS.toSeconds(measureNanos));
        Double[] ceiling = wanted("ceiling") ? ceiling() : null;
        Double[] callwire = wanted("callwire") ? callwire() : null;
        Double[] peer = wanted("rabbitmq") ? rabbit() : null;
        String peerName = peer == null ? null : "RabbitMQ Web-STOMP";
        String[] metrics = {"sustained deliveries/s, p99 ≤ 200 ms, 10 subscribers per queue",
                "sustained deliveries/s, p99 ≤ 200 ms, broadcast (every connection on one queue)",
                "p50 at " + fixedRate + " deliveries/s", "p99 at " + fixedRate + " deliveries/s",
                "p99.9 at " + fixedRate + " deliveries/s", "resident memory per idle connection", "live heap per idle connection"};
        String[] units = {"deliveries/s", "deliveries/s", "ms", "ms", "ms", "KB", "KB"};
        for (int i = 0; i < metrics.length; i++) {
            result.figure(metrics[i], units[i], callwire == null ? null : callwire[i], peer == null ? null : peer[i], peerName,
                    ceiling == null ? null : ceiling[i]);
        }
        if (callwire != null && ceiling != null && callwire[0] != null && ceiling[0] != null) {
            if (ceiling[0] >= 0.95 * rates.get(rates.size() - 1)) {
                result.note(String.format("The ceiling sustained the highest rate offered (%d/s): the rates did not find it, so Callwire's "
                        + "%.0f deliveries/s is not a fraction of the ceiling.", rates.get(rates.size() - 1), callwire[0]));
            } else {
                result.note(String.format("Callwire sustained %.0f %% of the ceiling's rate (10 per queue).", 100 * callwire[0] / ceiling[0]));
            }
        }
        if (peer == null) {
            result.note("RabbitMQ was not measured in this run (./bench/run.sh starts it; --no-peers skips it).");
        }
        result.note("Each client subscribes with one Subscribe (SignalR) or three SUBSCRIBE frames (STOMP): its own User entity "
                + "(UserAvailability), its queue and the broadcast queue (QueueStatus); callers are org-admins (no grant lookups).");
        result.note("Only subscription-service consumes callwire.events here: notifier-service's queue on it is removed for the run "
                + "(with no notifier to drain it, it would hold every event published; --keep-notifier-queue keeps it), so the broker "
                + "column is the fan-out's own cost, as for the peer's topic exchange.");
        result.note("Latency: publish (System.nanoTime() in the event, read back by the client in the same JVM) to the client's frame handler; "
                + "a step counts deliveries of events published in its window that arrive before the window ends + 3 s.");
        return result;
    }

    /** Whether {@code --targets} (default: all three) names this target. */
    private boolean wanted(String target) {
        String targets = options.string("targets");
        return targets == null || List.of(targets.split(",")).contains(target);
    }

    /** Measures one target with the clients; returns the figures in the order of {@code run}'s metrics. */
    private Double[] measure(String target, WebSocketProtocol protocol, EventSink sink, long pid) throws Exception {
        DeliveryMeter meter = new DeliveryMeter();
        long rssBefore = Machine.treeRssKb(pid);
        java.util.Map<String, Long> heapBefore = Jcmd.liveHeap(pid);
        int connectInFlight = options.integer("connect-in-flight", FanOutClients.IN_FLIGHT, FanOutClients.IN_FLIGHT);
        try (FanOutClients clients = new FanOutClients(context.vertx(), protocol, meter, connections, connectInFlight)) {
            long started = System.nanoTime();
            int subscribed = clients.connect(subscribers, options.integer("connect-timeout", 600, 120));
            System.out.printf("  %s: %d of %d subscribed in %d ms (%d rejected, %d Subscribe errors, %d connections failed)%n",
                    target, subscribed, connections, (System.nanoTime() - started) / 1_000_000, clients.rejected.get(),
                    clients.subscribeFailed.get(), clients.failed.get());
            if (clients.subscribeFailed.get() > 0 || clients.failed.get() > 0) {
                result.note(String.format("%s: %d Subscribe invocations completed with an error and %d connections failed "
                        + "while %d clients connected (at most %d at once); not retried.", target, clients.subscribeFailed.get(),
                        clients.failed.get(), connections, connectInFlight));
            }
            Context.sleep(3_000);
            long rssAfter = Machine.treeRssKb(pid);
            double perConnection = subscribed == 0 ? Double.NaN : (rssAfter - rssBefore) / (double) subscribed;
            System.out.printf("  %s: resident memory %d → %d MB, %.1f KB per idle connection%n", target, rssBefore / 1024, rssAfter / 1024,
                    perConnection);
            Double heapPerConnection = heapPerConnection(target, heapBefore, Jcmd.liveHeap(pid), subscribed);
            if (subscribed < connections * 0.95) {
                result.note(target + ": only " + subscribed + " of " + connections + " connections subscribed; its steps are not comparable.");
            }
            prime(target, sink, meter, subscribed);
            AtomicLong round = new AtomicLong();
            settle(target, meter, () -> {
                UUID queue = queues.get((int) (round.getAndIncrement() % queues.size()));
                sink.publish(organization, "QueueStatus", queue, Frames.queueStatus(organization, queue, System.nanoTime()));
            });
            for (String series : List.of(QUEUES, BROADCAST)) {
                drain(target, meter);
                int fan = series.equals(QUEUES) ? 10 : Math.max(1, subscribed);
                for (int rate : rates) {
                    double eventsPerSecond = rate / (double) fan;
                    Runnable publish = series.equals(QUEUES)
                            ? () -> {
                                UUID queue = queues.get((int) (round.getAndIncrement() % queues.size()));
                                sink.publish(organization, "QueueStatus", queue, Frames.queueStatus(organization, queue, System.nanoTime()));
                            }
                            : () -> sink.publish(organization, "QueueStatus", broadcastQueue,
                                    Frames.queueStatus(organization, broadcastQueue, System.nanoTime()));
                    Pacer.run(eventsPerSecond, warmupNanos, publish);
                    String recording = profile(target, pid, series, rate);
                    long cpuBefore = Machine.cpuNanos(pid);
                    OwnCpu.Split ownBefore = ownCpu.now();
                    meter.open();
                    long sent = Pacer.run(eventsPerSecond, measureNanos, publish);
                    meter.closeWindow();
                    Context.sleep(3_000);
                    long cpu = Machine.cpuNanos(pid) - cpuBefore;
                    OwnCpu.Split own = ownCpu.now().minus(ownBefore);
                    if (recording != null) {
                        Jcmd.stopRecording(pid, "bench", java.nio.file.Path.of(recording));
                    }
                    LatencyHistogram latencies = meter.take();
                    double seconds = measureNanos / 1e9;
                    long delivered = latencies.count();
                    // CPU per delivery: the target's server process; the embedded Artemis (Callwire's broker, in this
                    // JVM, by its threads' names; RabbitMQ's broker is its server, the ceiling has none); the rest
                    // of this JVM (clients, publisher, GC/JIT)
                    Map<String, Double> cpuPerDelivery = new java.util.LinkedHashMap<>();
                    cpuPerDelivery.put("server", delivered == 0 ? Double.NaN : cpu / 1e3 / delivered);
                    cpuPerDelivery.put("broker", delivered == 0 || !target.equals("callwire") ? Double.NaN : own.broker() / 1e3 / delivered);
                    cpuPerDelivery.put("load generator", delivered == 0 ? Double.NaN
                            : (target.equals("callwire") ? own.total() - own.broker() : own.total()) / 1e3 / delivered);
                    Row row = Row.of(target, series, rate, delivered / seconds, latencies,
                            String.format("%d of %d deliveries; %d open; server CPU %.1f µs per delivery", delivered, sent * fan,
                                    clients.openConnections(), delivered == 0 ? Double.NaN : cpu / 1e3 / delivered)).withCpu(cpuPerDelivery);
                    result.row(row);
                    if (row.achieved() < 0.5 * rate) {
                        System.out.printf("  %s saturated at %d deliveries/s; skipping its higher %s rates%n", target, rate, series);
                        break;
                    }
                }
            }
            if (clients.closedEarly.get() > 0) {
                result.note(target + ": " + clients.closedEarly.get() + " connections were closed by the server during the run: " + clients.closeReasons + ".");
            }
            Row fixed = result.at(target, QUEUES, fixedRate);
            return new Double[] {result.highestSustained(target, QUEUES, P99_BOUND_MS), result.highestSustained(target, BROADCAST, P99_BOUND_MS),
                    fixed == null ? null : fixed.p50(), fixed == null ? null : fixed.p99(), fixed == null ? null : fixed.p999(), perConnection,
                    heapPerConnection};
        } finally {
            sink.close();
        }
    }

    /**
     * With {@code --profile=DIR}: a JFR recording (the JDK's profile settings) of the target's JVM
     * over the measured window, written to {@code DIR/<target>-<series>-<rate>.jfr}; returns that path.
     */
    private String profile(String target, long pid, String series, int rate) {
        String directory = options.string("profile");
        if (directory == null || target.equals("rabbitmq")) {
            return null;
        }
        Jcmd.startRecording(pid, "bench");
        return java.nio.file.Path.of(directory, target + "-" + (series.equals(QUEUES) ? "queues" : "broadcast") + "-" + rate + ".jfr")
                .toString();
    }

    /**
     * Live heap kept per idle connection (class histograms before and after, each after a full
     * collection), with the classes that grew most printed: what one connection keeps. Null when the
     * target is not a JVM.
     */
    private Double heapPerConnection(String target, java.util.Map<String, Long> before, java.util.Map<String, Long> after, int subscribed) {
        if (before.isEmpty() || after.isEmpty() || subscribed == 0) {
            return null;
        }
        java.util.Map<String, Long> grown = new java.util.HashMap<>();
        after.forEach((name, bytes) -> grown.put(name, bytes - before.getOrDefault(name, 0L)));
        long total = grown.values().stream().mapToLong(Long::longValue).sum();
        double perConnection = total / 1024.0 / subscribed;
        System.out.printf("  %s: live heap +%d KB, %.2f KB per idle connection; largest per connection:%n", target, total / 1024, perConnection);
        grown.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                .forEach(e -> System.out.printf("      %8.0f B  %s%n", e.getValue() / (double) subscribed, e.getKey()));
        return perConnection;
    }

    /**
     * One event per queue and one on the broadcast queue, then waits until every client has received
     * both (or 60 s): routes, connections and the hottest code are warm before the first step.
     */
    private void prime(String target, EventSink sink, DeliveryMeter meter, int subscribed) {
        long before = meter.frames.sum();
        long started = System.nanoTime();
        for (UUID queue : queues) {
            sink.publish(organization, "QueueStatus", queue, Frames.queueStatus(organization, queue, System.nanoTime()));
        }
        sink.publish(organization, "QueueStatus", broadcastQueue, Frames.queueStatus(organization, broadcastQueue, System.nanoTime()));
        long expected = 2L * subscribed;
        while (meter.frames.sum() - before < expected && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
            Context.sleep(100);
        }
        System.out.printf("  %s primed: %d of %d deliveries in %d ms%n", target, meter.frames.sum() - before, expected,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Waits until the clients have received nothing for 3 s (at most 120 s): a series that starts while a
     * saturated step's backlog is still being delivered measures the backlog (the 2026-11-30 runs lost a
     * whole broadcast series that way, RabbitMQ's in the morning and Callwire's in the afternoon).
     */
    private void drain(String target, DeliveryMeter meter) {
        long started = System.nanoTime();
        long last = meter.frames.sum();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3) && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
            Context.sleep(250);
            long now = meter.frames.sum();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        meter.take();
        long waited = (System.nanoTime() - started) / 1_000_000;
        if (waited > 4_000) {
            System.out.printf("  %s drained its backlog in %d ms%n", target, waited);
        }
    }

    /**
     * The lowest rate for a while, not recorded: priming warms each route once, but the first
     * measured step of a freshly started JVM still paid for compilation and pool growth.
     */
    private void settle(String target, DeliveryMeter meter, Runnable publish) {
        long started = System.nanoTime();
        Pacer.run(rates.get(0) / 10.0, settleNanos, publish);
        Context.sleep(3_000);
        meter.take();
        System.out.printf("  %s settled at %d deliveries/s for %d s%n", target, rates.get(0), (System.nanoTime() - started) / 1_000_000_000);
    }

    private Double[] ceiling() throws Exception {
        int port = FreePorts.next();
        Process server = context.startJava(CeilingServer.class.getName(), String.valueOf(port));
        try {
            awaitHttp(URI.create("http://127.0.0.1:" + port + "/"), server);
            return measure("ceiling", WebSocketProtocol.signalR("127.0.0.1", port, s -> null), EventSink.ceiling(context.vertx(), port),
                    server.pid());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Double[] callwire() throws Exception {
        try (Infrastructure infrastructure = Infrastructure.start(context.work());
             AuthStandIn auth = AuthStandIn.start(context.vertx())) {
            List<String> properties = new ArrayList<>(List.of("-Xmx1g"));
            properties.addAll(infrastructure.serviceProperties("callwire_subscription"));
            properties.addAll(auth.serviceProperties());
            properties.add("-Dcallwire.rte.connection-token-key=benchmark-only-connection-token-key-000000");
            boolean keepNotifierQueue = options.flag("keep-notifier-queue");
            if (!keepNotifierQueue) {
                // no notifier runs here: its durable queue on callwire.events would keep every event published
                infrastructure.broker().removeNotifierQueue();
            }
            try (QuarkusService service = QuarkusService.start(context.root(), "subscription-service", properties, java.util.Map.of(),
                    context.work())) {
                long ready = service.awaitReady(Duration.ofSeconds(180));
                System.out.printf("  subscription-service ready in %d ms on %s%n", ready, service.url());
                registerQueues(URI.create(service.url()));
                // RTE tokens (aud callwire-rte, token_use rte, a sign-in session), as auth-service issues them for /rte
                System.out.println("  signing " + connections + " caller tokens ...");
                java.util.Map<UUID, String> tokens = new java.util.HashMap<>();
                for (Subscriber s : subscribers) {
                    tokens.put(s.user(), TestTokens.rte(organization, s.user(), Roles.ORG_ADMIN).sign());
                }
                Double[] figures = measure("callwire", WebSocketProtocol.signalR("127.0.0.1", service.port(), s -> tokens.get(s.user())),
                        EventSink.artemis(context.vertx(), infrastructure.amqpPort()), service.pid());
                if (keepNotifierQueue) {
                    result.note(String.format("--keep-notifier-queue: notifier-service's queue on callwire.events stayed bound with no "
                            + "consumer and held %,d events at the end.", infrastructure.broker().messageCount("notifier-service")));
                }
                return figures;
            }
        }
    }

    private Double[] rabbit() throws Exception {
        String amqp = options.string("rabbit-amqp-port");
        String stomp = options.string("rabbit-stomp-port");
        String pid = options.string("rabbit-pid");
        if (amqp == null || stomp == null || pid == null) {
            return null;
        }
        EventSink sink = EventSink.rabbit(Integer.parseInt(amqp)); // declares the exchange the STOMP subscriptions bind to
        return measure("rabbitmq", WebSocketProtocol.stomp(Integer.parseInt(stomp), io.callwire.contract.messaging.Addresses.EVENTS),
                sink, Long.parseLong(pid));
    }

    private void registerQueues(URI base) throws Exception {
        String admin = TestTokens.access(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HttpClient http = HttpClient.newHttpClient();
        List<UUID> all = new ArrayList<>(queues);
        all.add(broadcastQueue);
        for (UUID queue : all) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/entities"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"entityType\":\"Queue\",\"id\":\"" + queue + "\",\"name\":\"Bench " + queue.toString().substring(0, 8) + "\"}"))
                    .timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            // a busy machine: the service answers 503 (its database deadline) and asks to try again shortly
            for (int attempt = 1; response.statusCode() == 503 && attempt < 5; attempt++) {
                Thread.sleep(1_000);
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() != 201 && response.statusCode() != 409) { // 409: an earlier attempt committed
                throw new IllegalStateException("queue not registered: " + response.statusCode() + " " + response.body());
            }
        }
        System.out.printf("  registered %d queues%n", all.size());
    }

    static void awaitHttp(URI uri, Process process) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(uri + ": the process exited");
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(uri + " did not answer within 60 s");
    }
}
