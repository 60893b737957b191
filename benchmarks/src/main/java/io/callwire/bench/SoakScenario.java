package io.callwire.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.callwire.contract.security.Roles;
import io.callwire.embedded.EmbeddedDatabase;
import io.callwire.testing.FreePorts;
import io.callwire.testing.TestTokens;
import io.vertx.core.http.HttpServer;

/**
 * The soak (issue #14): N WebSocket connections on subscription-service and a steady event and
 * webhook load on both services for M minutes, sampled every interval — resident memory, heap after
 * a full GC, threads, open file descriptors, database connections per service, errors — and judged
 * after the warm-up: memory flat, no growth of threads, descriptors, connections or errors, every
 * connection still open, every webhook event delivered. Not part of {@code verify}:
 * {@code ./bench/run.sh soak} (30 min, 10,000 connections) or {@code --minutes=3 --connections=500}.
 */
final class SoakScenario {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Context context;
    private final ScenarioResult result = new ScenarioResult("soak", "Soak: memory and resources under steady load");
    private final int connections;
    private final int minutes;
    private final int sampleSeconds;
    private final int warmupMinutes;
    private final int eventsPerSecond;
    private final int webhooks;
    private final int webhookEventsPerSecond;
    private final int connectInFlight;
    private final UUID organization = UUID.randomUUID();
    private final List<UUID> queues = new ArrayList<>();
    /** Every client also watches this queue; nothing is published to it (a broadcast would dwarf the steady load). */
    private final UUID quietQueue = UUID.randomUUID();
    private final List<UUID> webhookOrganizations = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicLong webhookRequests = new AtomicLong();
    private final AtomicLong webhookEventsPublished = new AtomicLong();
    /** Per queue, how many clients watch it: each live event published to it owes that many frames. */
    private final Map<UUID, Integer> watchers = new HashMap<>();
    private final AtomicLong liveDeliveriesOwed = new AtomicLong();
    private DeliveryMeter meter;
    private final List<Sample> samples = new ArrayList<>();

    /** One look at one service. */
    record Sample(int minute, String service, long rssKb, long heapAfterGcKb, long threads, long openFiles,
                  long databaseConnections, long errorLines, long clientErrors, int openConnections, long webhookRequests) {
    }

    SoakScenario(Context context) {
        this.context = context;
        Options options = context.options();
        this.connections = options.integer("connections", 10_000, 500);
        this.minutes = options.integer("minutes", 30, 3);
        this.sampleSeconds = options.integer("sample-seconds", 60, 20);
        this.warmupMinutes = options.integer("warmup-minutes", Math.max(1, minutes / 5), 1);
        this.eventsPerSecond = options.integer("events-per-second", 100, 20);
        this.webhooks = options.integer("webhooks", 10, 3);
        this.webhookEventsPerSecond = options.integer("webhook-events-per-second", 50, 10);
        // the soak is about the steady state: clients arrive a few at a time (a reconnect storm is another test)
        this.connectInFlight = options.integer("connect-in-flight", 20, 20);
        for (int i = 0; i < Math.max(1, connections / 10); i++) {
            queues.add(UUID.randomUUID());
        }
        for (int i = 0; i < connections; i++) {
            subscribers.add(new Subscriber(organization, UUID.randomUUID(), queues.get(i % queues.size()), quietQueue));
            watchers.merge(queues.get(i % queues.size()), 1, Integer::sum);
        }
        for (int i = 0; i < webhooks; i++) {
            webhookOrganizations.add(UUID.randomUUID());
        }
    }

    ScenarioResult run() throws Exception {
        System.out.printf("soak: %d connections, %d events/s to them (10 subscribers per queue), %d webhooks with %d events/s, "
                + "%d min, a sample every %d s, judged after %d min of warm-up%n", connections, eventsPerSecond, webhooks,
                webhookEventsPerSecond, minutes, sampleSeconds, warmupMinutes);
        HttpServer receiver = context.vertx().createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            webhookRequests.incrementAndGet();
            request.response().setStatusCode(200).end();
        })).listen(FreePorts.next(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (Infrastructure infrastructure = Infrastructure.start(context.work());
             AuthStandIn auth = AuthStandIn.start(context.vertx())) {
            List<String> subscriptionProperties = new ArrayList<>(List.of("-Xmx1g"));
            subscriptionProperties.addAll(infrastructure.serviceProperties("callwire_subscription"));
            subscriptionProperties.addAll(auth.serviceProperties());
            subscriptionProperties.add("-Dcallwire.rte.connection-token-key=benchmark-only-connection-token-key-000000");
            List<String> notifierProperties = new ArrayList<>(List.of("-Xmx512m"));
            notifierProperties.addAll(infrastructure.serviceProperties("callwire_notifier"));
            notifierProperties.addAll(auth.serviceProperties());
            notifierProperties.addAll(List.of(
                    "-Dcallwire.notifier.encryption-key=" + Base64.getEncoder().encodeToString(key),
                    "-Dcallwire.notifier.allowed-private-addresses=127.0.0.0/8"));
            try (QuarkusService subscription = QuarkusService.start(context.root(), "subscription-service", subscriptionProperties,
                    Map.of(), context.work());
                 QuarkusService notifier = QuarkusService.start(context.root(), "notifier-service", notifierProperties, Map.of(),
                         context.work())) {
                subscription.awaitReady(Duration.ofSeconds(180));
                notifier.awaitReady(Duration.ofSeconds(180));
                registerQueues(URI.create(subscription.url()));
                createWebhooks(URI.create(notifier.url()), receiver.actualPort());
                Map<UUID, String> tokens = new HashMap<>();
                for (Subscriber s : subscribers) {
                    tokens.put(s.user(), TestTokens.rte(organization, s.user(), Roles.ORG_ADMIN).sign());
                }
                meter = new DeliveryMeter();
                EventSink sink = EventSink.artemis(context.vertx(), infrastructure.amqpPort());
                try (FanOutClients clients = new FanOutClients(context.vertx(),
                        WebSocketProtocol.signalR("127.0.0.1", subscription.port(), s -> tokens.get(s.user())), meter, connections,
                        connectInFlight)) {
                    int subscribed = clients.connect(subscribers, 900);
                    System.out.printf("  %d of %d connections subscribed (%d refused, %d Subscribe errors, %d failed)%n", subscribed,
                            connections, clients.rejected.get(), clients.subscribeFailed.get(), clients.failed.get());
                    if (subscribed < connections) {
                        result.note(String.format("Only %d of %d clients subscribed (%d Subscribes refused, %d Subscribes failed "
                                + "with an error, %d connections failed) with %d connecting at once.", subscribed, connections,
                                clients.rejected.get(), clients.subscribeFailed.get(), clients.failed.get(), connectInFlight));
                    }
                    Map<String, QuarkusService> services = new LinkedHashMap<>();
                    services.put("subscription-service", subscription);
                    services.put("notifier-service", notifier);
                    Map<String, String> databases = Map.of("subscription-service", "callwire_subscription",
                            "notifier-service", "callwire_notifier");
                    sample(0, services, databases, infrastructure, clients);
                    AtomicLong round = new AtomicLong();
                    int total = eventsPerSecond + webhookEventsPerSecond;
                    Runnable publish = () -> {
                        long n = round.getAndIncrement();
                        if (n % total < webhookEventsPerSecond) {
                            UUID target = webhookOrganizations.get((int) (webhookEventsPublished.getAndIncrement() % webhooks));
                            UUID queue = UUID.randomUUID();
                            sink.publish(target, "QueueStatus", queue, Frames.queueStatus(target, queue, System.nanoTime()));
                        } else {
                            UUID queue = queues.get((int) (n % queues.size()));
                            liveDeliveriesOwed.addAndGet(watchers.get(queue));
                            sink.publish(organization, "QueueStatus", queue, Frames.queueStatus(organization, queue, System.nanoTime()));
                        }
                    };
                    int intervals = (int) Math.ceil(minutes * 60.0 / sampleSeconds);
                    for (int i = 1; i <= intervals; i++) {
                        Pacer.run(total, TimeUnit.SECONDS.toNanos(sampleSeconds), publish);
                        meter.take();
                        sample(i, services, databases, infrastructure, clients);
                    }
                    // what was published reaches the webhooks and the clients: a service still catching up on
                    // a busy machine is waited for as long as the counts keep rising (up to 15 min); 60 s
                    // without one more request or frame means what is missing is not coming
                    long hardDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
                    long lastCount = received();
                    long lastProgress = System.nanoTime();
                    while ((webhookRequests.get() < webhookEventsPublished.get() || meter.frames.sum() < liveDeliveriesOwed.get())
                            && System.nanoTime() < hardDeadline && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(60)) {
                        Context.sleep(500);
                        long count = received();
                        if (count > lastCount) {
                            lastCount = count;
                            lastProgress = System.nanoTime();
                        }
                    }
                    judge(subscribed, clients.openConnections(), infrastructure);
                } finally {
                    sink.close();
                }
            }
        } finally {
            receiver.close();
        }
        writeSamples();
        return result;
    }

    /** Webhook requests and live frames received so far. */
    private long received() {
        return webhookRequests.get() + meter.frames.sum();
    }

    private void sample(int interval, Map<String, QuarkusService> services, Map<String, String> databases,
                        Infrastructure infrastructure, FanOutClients clients) throws Exception {
        Map<String, Long> databaseConnections = databaseConnections(infrastructure);
        long clientErrors = clients.failed.get() + clients.rejected.get() + clients.subscribeFailed.get() + clients.closedEarly.get();
        for (var service : services.entrySet()) {
            long pid = service.getValue().pid();
            Sample sample = new Sample(interval * sampleSeconds / 60, service.getKey(), Machine.rssKb(pid), heapAfterGcKb(pid),
                    Machine.threads(pid), Machine.openFiles(pid), databaseConnections.getOrDefault(databases.get(service.getKey()), 0L),
                    errorLines(service.getValue().log()), clientErrors, clients.openConnections(), webhookRequests.get());
            samples.add(sample);
            System.out.printf("  [%s] %-20s RSS %6d MB  heap after GC %5d MB  threads %4d  fds %6d  db connections %3d  "
                    + "ERROR lines %d  client errors %d  open %d  webhook requests %d%n", Instant.now(), sample.service(),
                    sample.rssKb() / 1024, sample.heapAfterGcKb() / 1024, sample.threads(), sample.openFiles(),
                    sample.databaseConnections(), sample.errorLines(), sample.clientErrors(), sample.openConnections(),
                    sample.webhookRequests());
        }
        if (!clients.closeReasons.isEmpty()) {
            System.out.println("  connections closed early, by reason: " + clients.closeReasons);
        }
    }

    /**
     * Judges the samples after the warm-up, per service: heap after GC and resident memory flat
     * (the last third's average within a bound of the first post-warm-up sample), threads, file
     * descriptors and database connections not growing (last third's average against the first third's), no new error lines or client errors; and at
     * the end every connection open, every live event delivered to every client watching its queue, and
     * every webhook event delivered.
     */
    private void judge(int subscribed, int openAtEnd, Infrastructure infrastructure) throws Exception {
        List<String> failures = new ArrayList<>();
        int warmupIntervals = (int) Math.ceil(warmupMinutes * 60.0 / sampleSeconds);
        for (String service : List.of("subscription-service", "notifier-service")) {
            List<Sample> after = samples.stream().filter(s -> s.service().equals(service)).skip(warmupIntervals).toList();
            if (after.size() < 3) {
                failures.add(service + ": fewer than 3 samples after the warm-up; run longer");
                continue;
            }
            Sample first = after.get(0);
            List<Sample> lastThird = after.subList(after.size() - Math.max(1, after.size() / 3), after.size());
            double heapEnd = lastThird.stream().mapToLong(Sample::heapAfterGcKb).average().orElse(0);
            double rssEnd = lastThird.stream().mapToLong(Sample::rssKb).average().orElse(0);
            double heapGrowth = heapEnd - first.heapAfterGcKb();
            double rssGrowth = rssEnd - first.rssKb();
            // heap after a full GC is what the service really keeps; 16 MB or 10 % covers caches filling and metrics
            if (heapGrowth > Math.max(16 * 1024, 0.10 * first.heapAfterGcKb())) {
                failures.add(String.format("%s: heap after GC grew %.0f MB after the warm-up (%d → %.0f MB)", service, heapGrowth / 1024,
                        first.heapAfterGcKb() / 1024, heapEnd / 1024));
            }
            // resident memory also holds the JIT's code and the heap the GC has not returned: a looser bound
            if (rssGrowth > Math.max(64 * 1024, 0.15 * first.rssKb())) {
                failures.add(String.format("%s: resident memory grew %.0f MB after the warm-up (%d → %.0f MB)", service, rssGrowth / 1024,
                        first.rssKb() / 1024, rssEnd / 1024));
            }
            // Counts that come and go with the load (pooled HTTP and database connections, worker threads) are
            // compared as averages, the last third against the first: a leak lifts the whole series, one busy
            // sample does not.
            List<Sample> firstThird = after.subList(0, Math.max(1, after.size() / 3));
            double threadsGrowth = average(lastThird, Sample::threads) - average(firstThird, Sample::threads);
            if (threadsGrowth > 8) {
                failures.add(String.format("%s: threads grew by %.1f on average", service, threadsGrowth));
            }
            double filesGrowth = average(lastThird, Sample::openFiles) - average(firstThird, Sample::openFiles);
            if (filesGrowth > 32) {
                failures.add(String.format("%s: open file descriptors grew by %.1f on average", service, filesGrowth));
            }
            double databaseGrowth = average(lastThird, Sample::databaseConnections) - average(firstThird, Sample::databaseConnections);
            if (databaseGrowth > 4) {
                failures.add(String.format("%s: database connections grew by %.1f on average", service, databaseGrowth));
            }
            Sample last = after.get(after.size() - 1);
            if (last.errorLines() > first.errorLines()) {
                failures.add(service + ": " + (last.errorLines() - first.errorLines()) + " ERROR lines in its log after the warm-up");
            }
            result.figure(service + ": heap after GC, growth after warm-up", "MB", heapGrowth / 1024, null, null, null);
            result.figure(service + ": resident memory, growth after warm-up", "MB", rssGrowth / 1024, null, null, null);
            result.figure(service + ": threads, growth after warm-up", "threads", threadsGrowth, null, null, null);
            result.figure(service + ": open file descriptors, growth after warm-up", "fds", filesGrowth, null, null, null);
            result.figure(service + ": database connections, growth after warm-up", "connections", databaseGrowth, null, null, null);
        }
        Sample lastSample = samples.get(samples.size() - 1);
        if (subscribed < connections) {
            failures.add("only " + subscribed + " of " + connections + " clients subscribed");
        }
        long clientErrorsAtWarmup = samples.get(Math.min(samples.size() - 1, warmupIntervals * 2)).clientErrors();
        if (lastSample.clientErrors() > clientErrorsAtWarmup) {
            failures.add((lastSample.clientErrors() - clientErrorsAtWarmup) + " client errors after the warm-up (connections closed)");
        }
        if (openAtEnd < subscribed) {
            failures.add((subscribed - openAtEnd) + " of " + subscribed + " connections closed during the soak");
        }
        if (webhookRequests.get() < webhookEventsPublished.get()) {
            failures.add("webhooks received " + webhookRequests.get() + " of " + webhookEventsPublished.get()
                    + " events (the notifier's deliveries by status: " + deliveriesByStatus(infrastructure) + ")");
        }
        long frames = meter.frames.sum();
        if (frames < liveDeliveriesOwed.get()) {
            failures.add("clients received " + frames + " of " + liveDeliveriesOwed.get() + " live deliveries");
        }
        result.figure("connections open at the end", "connections", (double) openAtEnd, null, null, null);
        result.figure("live deliveries received", "deliveries", (double) frames, null, null, null);
        result.figure("webhook events delivered", "events", (double) webhookRequests.get(), null, null, null);
        result.note(String.format("%d connections subscribed, %d open at the end; %d live deliveries owed (events × the clients "
                + "watching their queue), %d received; %d webhook events published, %d requests received.", subscribed, openAtEnd,
                liveDeliveriesOwed.get(), frames, webhookEventsPublished.get(), webhookRequests.get()));
        result.note("Samples every " + sampleSeconds + " s in soak-samples.csv; judged after " + warmupMinutes + " min of warm-up.");
        if (failures.isEmpty()) {
            result.note("Verdict: PASS — memory flat after the warm-up, nothing leaked, no errors.");
        } else {
            failures.forEach(failure -> result.note("FAIL: " + failure));
            result.failure = String.join("; ", failures);
        }
    }

    private void writeSamples() throws Exception {
        Path results = Path.of(context.options().string("results", context.root().resolve("bench/results").toString(),
                context.root().resolve("bench/results").toString()));
        Files.createDirectories(results);
        StringBuilder csv = new StringBuilder("minute,service,rss_kb,heap_after_gc_kb,threads,open_files,database_connections,"
                + "error_lines,client_errors,open_connections,webhook_requests\n");
        for (Sample s : samples) {
            csv.append(s.minute()).append(',').append(s.service()).append(',').append(s.rssKb()).append(',').append(s.heapAfterGcKb())
                    .append(',').append(s.threads()).append(',').append(s.openFiles()).append(',').append(s.databaseConnections())
                    .append(',').append(s.errorLines()).append(',').append(s.clientErrors()).append(',').append(s.openConnections())
                    .append(',').append(s.webhookRequests()).append('\n');
        }
        Files.writeString(results.resolve("soak-samples.csv"), csv.toString());
    }

    /** Heap in use right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), KiB; -1 if unknown. */
    private static long heapAfterGcKb(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            run(jcmd.toString(), Long.toString(pid), "GC.run");
            Matcher used = HEAP_USED.matcher(run(jcmd.toString(), Long.toString(pid), "GC.heap_info"));
            return used.find() ? Long.parseLong(used.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static long errorLines(Path log) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" ERROR ")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Client connections per database (the services' pools), from {@code pg_stat_activity}. */
    private static double average(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
        return samples.stream().mapToLong(value).average().orElse(0);
    }

    /** The notifier's deliveries by status at the end: says where webhook events that did not arrive are. */
    private static Map<String, Long> deliveriesByStatus(Infrastructure infrastructure) throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl("callwire_notifier"), EmbeddedDatabase.SUPERUSER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select status, count(*) from delivery group by status")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static Map<String, Long> databaseConnections(Infrastructure infrastructure) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl("postgres"), EmbeddedDatabase.SUPERUSER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select datname, count(*) from pg_stat_activity "
                     + "where backend_type = 'client backend' and pid <> pg_backend_pid() group by datname")) {
            while (rows.next()) {
                if (rows.getString(1) != null) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    private void registerQueues(URI base) throws Exception {
        String admin = TestTokens.access(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HttpClient http = HttpClient.newHttpClient();
        List<UUID> all = new ArrayList<>(queues);
        all.add(quietQueue);
        for (UUID queue : all) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/entities"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"entityType\":\"Queue\",\"id\":\"" + queue + "\",\"name\":\"Soak "
                            + queue.toString().substring(0, 8) + "\"}"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("queue not registered: " + response.statusCode() + " " + response.body());
            }
        }
        System.out.printf("  registered %d queues%n", queues.size());
    }

    private void createWebhooks(URI base, int receiverPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < webhooks; i++) {
            String token = TestTokens.access(webhookOrganizations.get(i), UUID.randomUUID(), Roles.ORG_ADMIN).sign();
            String body = """
                    {"name": "soak %d", "url": "http://127.0.0.1:%d/hook/%d", "method": "POST", "events": ["QueueStatus"],
                     "retry": {"maxAttempts": 5, "scheduleSeconds": [1, 2, 4, 8]}}
                    """.formatted(i, receiverPort, i);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/webhooks"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("webhook not created: " + response.statusCode() + " " + response.body());
            }
        }
        System.out.printf("  created %d webhooks%n", webhooks);
    }
}
