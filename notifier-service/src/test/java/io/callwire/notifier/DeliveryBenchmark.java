package io.callwire.notifier;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Not part of {@code verify} (the name matches no surefire pattern). Run with
 * {@code ./mvnw -pl notifier-service test -Dtest=DeliveryBenchmark}. Prints (1) persisted deliveries
 * per second when events fan out to 10 endpoints, and (2) end-to-end latency percentiles (event
 * timestamp to the receiver) at a steady 1,000 events/s to one endpoint.
 */
@QuarkusTest
class DeliveryBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void persistedDeliveriesPerSecondAndLatency() throws Exception {
        Vertx vertx = Vertx.vertx();
        AmqpConnection connection = AmqpClient.create(vertx, new AmqpClientOptions().setHost(AmqpBrokerResource.host())
                        .setPort(AmqpBrokerResource.port()).setUsername("callwire").setPassword("callwire"))
                .connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        AmqpSender sender = connection.createSender(Addresses.EVENTS).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try (Receiver fast = new Receiver().byDefault(request -> Answer.of(204))) {
            // --- (1) throughput of persisted deliveries: 10 endpoints per event ---
            UUID org = UUID.randomUUID();
            List<String> webhooks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                webhooks.add(Api.create(org, DeliveryTest.webhook(fast.url() + "/bulk" + i, null)));
            }
            int events = 5_000;
            long before = count("SELECT count(*) FROM delivery");
            long[] cpuBefore = cpu();
            Instant start = Instant.now();
            for (int i = 0; i < events; i++) {
                send(sender, Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            Instant published = Instant.now();
            long expected = before + (long) events * webhooks.size();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> count("SELECT count(*) FROM delivery") >= expected);
            Instant persisted = Instant.now();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count("SELECT count(*) FROM delivery WHERE status = 'PENDING'") == 0);
            Instant done = Instant.now();
            printCpu("fan-out", cpuBefore, events * webhooks.size());
            System.out.printf("BENCH receipts still in the outbox when all were delivered: %d%n",
                    count("SELECT count(*) FROM delivery_outbox"));
            double persistSeconds = Duration.between(start, persisted).toMillis() / 1000.0;
            double doneSeconds = Duration.between(start, done).toMillis() / 1000.0;
            System.out.printf("BENCH fan-out: %d events x %d endpoints = %d deliveries; published in %.2f s;"
                            + " persisted in %.2f s (%.0f deliveries/s); all delivered in %.2f s (%.0f deliveries/s)%n",
                    events, webhooks.size(), events * webhooks.size(), Duration.between(start, published).toMillis() / 1000.0,
                    persistSeconds, events * webhooks.size() / persistSeconds, doneSeconds, events * webhooks.size() / doneSeconds);

            // --- (2) latency at 1,000 events/s to one endpoint ---
            List<Long> latencies = new CopyOnWriteArrayList<>();
            try (Receiver timed = new Receiver()) {
                timed.byDefault(request -> {
                    Instant sent = Instant.parse(json(request.body()).get("Timestamp").asText());
                    latencies.add(Duration.between(sent, request.at()).toMillis());
                    return Answer.of(204);
                });
                UUID latencyOrg = UUID.randomUUID();
                // HTTP/1.1 without pipelining: the endpoint's pool, not the service, would cap one endpoint at
                // maxConnections / round trip
                Api.create(latencyOrg, DeliveryTest.webhook(timed.url() + "/latency", "\"maxConnections\": 50"));
                int rate = 1000;
                int seconds = 10;
                long[] latencyCpuBefore = cpu();
                long t0 = System.nanoTime();
                for (int i = 0; i < rate * seconds; i++) {
                    long due = t0 + i * 1_000_000_000L / rate;
                    // park, not spin: a spinning publisher would take one of the machine's two cores from the service
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    send(sender, Events.of("QueueStatus", latencyOrg, UUID.randomUUID()));
                }
                await().atMost(Duration.ofMinutes(2)).until(() -> latencies.size() >= rate * seconds);
                printCpu("latency run", latencyCpuBefore, rate * seconds);
                List<Long> sorted = new ArrayList<>(latencies);
                Collections.sort(sorted);
                System.out.printf("BENCH latency at %d events/s for %d s: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                        rate, seconds, sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.95)),
                        sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1));
            }
        } finally {
            connection.close();
            vertx.close();
        }
    }

    static void send(AmqpSender sender, ObjectNode event) {
        // fire and forget; the broker settles asynchronously
        sender.send(AmqpMessage.create().address(Addresses.EVENTS).contentType(Addresses.CONTENT_TYPE_JSON)
                .applicationProperties(new JsonObject().put(Addresses.PROPERTY_EVENT_TYPE, "QueueStatus"))
                .withBufferAsBody(Buffer.buffer(event.toString().getBytes(StandardCharsets.UTF_8))).build());
    }

    /**
     * CPU time used so far by this JVM (service, broker, receivers and publisher together) and by the
     * PostgreSQL server (its postmaster with the children it reaped, and its live backends), in nanoseconds.
     */
    static long[] cpu() throws Exception {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        String dataDirectory;
        try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME,
                PostgresResource.PASSWORD); ResultSet rs = c.createStatement().executeQuery("SHOW data_directory")) {
            rs.next();
            dataDirectory = rs.getString(1);
        }
        long postmaster = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim());
        long ticks = procTicks(postmaster, true);
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
            ticks += procTicks(child.pid(), false);
        }
        return new long[] {jvm, ticks * 10_000_000L}; // USER_HZ = 100
    }

    /** utime + stime (+ cutime + cstime) of a process from /proc, in clock ticks; 0 if it is gone. */
    static long procTicks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime = field 14, stime 15, cutime 16, cstime 17
            long sum = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withReapedChildren ? sum + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : sum;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    static void printCpu(String phase, long[] before, int deliveries) throws Exception {
        long[] after = cpu();
        System.out.printf("BENCH CPU of the %s per delivery: JVM (service + broker + receivers) %.0f us, PostgreSQL %.0f us;"
                        + " load average %s%n", phase, (after[0] - before[0]) / 1000.0 / deliveries,
                (after[1] - before[1]) / 1000.0 / deliveries, loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME,
                PostgresResource.PASSWORD); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
