package io.callwire.subscription.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.security.Roles;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.FreePorts;
import io.callwire.testing.JwksResource;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.TestTokens;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Fan-out benchmark, not part of {@code verify}: starts embedded PostgreSQL and Artemis, runs the
 * packaged service ({@code target/quarkus-app}) as a child process, opens N WebSocket connections
 * that all subscribe to one queue, publishes QueueStatus events to {@code callwire.events} at a
 * fixed rate and measures deliveries per second and broker-to-client latency (publisher and
 * clients share this JVM's clock). Clients and service share the machine, so the figures are a
 * lower bound for the service alone. See the module README for the command.
 *
 * <p>System properties: {@code connections} (1000), {@code eventsPerSecond} (50), {@code seconds}
 * (20), {@code warmupSeconds} (5).
 */
public final class FanOutBenchmark {

    public static void main(String[] args) throws Exception {
        int connections = Integer.getInteger("connections", 1000);
        int eventsPerSecond = Integer.getInteger("eventsPerSecond", 50);
        int seconds = Integer.getInteger("seconds", 20);
        int warmupSeconds = Integer.getInteger("warmupSeconds", 5);

        String jdbc = PostgresResource.jdbcUrl();
        int brokerPort = AmqpBrokerResource.port();
        String jwks = JwksResource.jwksUrl();
        int httpPort = FreePorts.next();
        Process service = startService(jdbc, brokerPort, jwks, httpPort, connections);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            URI base = URI.create("http://127.0.0.1:" + httpPort);
            awaitReady(base);
            UUID organization = UUID.randomUUID();
            UUID queue = registerQueue(base, organization);
            long rssBefore = rssKb(service.pid());
            long heapBefore = heapUsedKbAfterGc(service.pid());

            // ---- connect and subscribe
            AtomicLong delivered = new AtomicLong();
            AtomicInteger samples = new AtomicInteger();
            AtomicLongArray latencies = new AtomicLongArray(20_000_000);
            boolean[] measuring = {false};
            CountDownLatch subscribed = new CountDownLatch(connections);
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(connections + 10).setMaxFrameSize(1 << 20));
            String subscribe = "{\"type\":1,\"invocationId\":\"s\",\"target\":\"Subscribe\",\"arguments\":[[{\"EntityId\":\""
                    + queue + "\",\"EventName\":\"QueueStatus\"}]]}\u001e";
            long connectStart = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                String token = TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
                WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(httpPort)
                        .setURI("/rte").addHeader("Authorization", "Bearer " + token);
                client.connect(options).onSuccess(ws -> {
                    ws.handler(frame -> {
                        int at = indexOf(frame, SENT_AT);
                        if (at >= 0) {
                            long sent = parseLong(frame, at + SENT_AT.length);
                            if (measuring[0]) {
                                delivered.incrementAndGet();
                                int slot = samples.getAndIncrement();
                                if (slot < latencies.length()) {
                                    latencies.set(slot, System.nanoTime() - sent);
                                }
                            }
                        } else if (indexOf(frame, SUBSCRIBED) >= 0) {
                            subscribed.countDown();
                        }
                    });
                    ws.writeTextMessage("{\"protocol\":\"json\",\"version\":1}\u001e" + subscribe);
                }).onFailure(e -> System.err.println("connect failed: " + e.getMessage()));
                if (i % 200 == 199) {
                    // at most ~400 handshakes in flight: wait until the batch before this one is subscribed
                    long target = connections - (i + 1 - 200L);
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                            .until(() -> subscribed.getCount() <= target);
                }
            }
            if (!subscribed.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (connections - subscribed.getCount()) + " connections subscribed");
            }
            long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
            long rssConnected = rssKb(service.pid());
            long heapConnected = heapUsedKbAfterGc(service.pid());

            // ---- publish
            AmqpClient amqp = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(brokerPort)
                    .setUsername("callwire").setPassword("callwire"));
            AmqpConnection connection = amqp.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            AmqpSender sender = connection.createSender(Addresses.EVENTS).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            long periodNanos = 1_000_000_000L / eventsPerSecond;
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            long published = 0;
            long next = start;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (!measuring[0] && now >= measureFrom) {
                    measuring[0] = true;
                }
                if (now < next) {
                    java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                    continue;
                }
                next += periodNanos;
                String body = event(organization, queue, System.nanoTime());
                vertx.runOnContext(v -> sender.send(AmqpMessage.create().address(Addresses.EVENTS)
                        .contentType(Addresses.CONTENT_TYPE_JSON)
                        .withBufferAsBody(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).build()));
                published++;
            }
            measuring[0] = false;
            long measuredDeliveries = delivered.get();
            int count = Math.min(samples.get(), latencies.length());
            long[] sorted = new long[count];
            for (int i = 0; i < count; i++) {
                sorted[i] = latencies.get(i);
            }
            Arrays.sort(sorted);
            System.out.printf("%nconnections=%d subscribed in %d ms; events/s offered=%d; measured %d s after %d s warm-up%n",
                    connections, connectMillis, eventsPerSecond, seconds, warmupSeconds);
            System.out.printf("events published=%d; deliveries measured=%d -> %.0f deliveries/s (expected %d/s)%n",
                    published, measuredDeliveries, measuredDeliveries / (double) seconds, (long) eventsPerSecond * connections);
            if (count > 0) {
                System.out.printf("latency broker->client ms: p50=%.1f p99=%.1f max=%.1f (%d samples)%n",
                        sorted[count / 2] / 1e6, sorted[(int) (count * 0.99)] / 1e6, sorted[count - 1] / 1e6, count);
            }
            System.out.printf("service RSS: %d MB before connections, %d MB with %d idle connections (%.1f KB each)%n",
                    rssBefore / 1024, rssConnected / 1024, connections,
                    (rssConnected - rssBefore) / (double) connections);
            System.out.printf("service heap used after GC: %d MB before, %d MB with the connections (%.1f KB each)%n",
                    heapBefore / 1024, heapConnected / 1024, (heapConnected - heapBefore) / (double) connections);
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
            vertx.close();
            System.exit(0);
        }
    }

    static String event(UUID organization, UUID queue, long sentAtNanos) {
        return "{\"RootEntityType\":\"Organization\",\"RootEntityId\":\"" + organization + "\",\"EventType\":\"QueueStatus\","
                + "\"EntityType\":\"Queue\",\"EntityId\":\"" + queue + "\",\"MessageTTLSeconds\":60,\"QueueId\":\"" + queue
                + "\",\"OrganizationId\":\"" + organization + "\",\"QueueName\":\"Sales\",\"NbrOfProviders\":12,"
                + "\"NbrOfRequesters\":3,\"NbrOfQueuingRequesters\":2,\"MaxWaitTime\":31,\"OpenStatus\":5,"
                + "\"SentAtNanos\":" + sentAtNanos + ",\"Id\":\"" + UUID.randomUUID() + "\",\"Timestamp\":\"" + Instant.now() + "\"}";
    }

    private static final byte[] SENT_AT = "\"sentAtNanos\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUBSCRIBED = "\"invocationId\":\"s\"".getBytes(StandardCharsets.UTF_8);

    /** Byte search, so that the clients of this JVM do not decode every frame to a String. */
    private static int indexOf(Buffer buffer, byte[] needle) {
        int last = buffer.length() - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long parseLong(Buffer buffer, int from) {
        long value = 0;
        for (int i = from; i < buffer.length(); i++) {
            byte b = buffer.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    static Process startService(String jdbc, int brokerPort, String jwks, int httpPort, int connections)
            throws Exception {
        File jar = new File("target/quarkus-app/quarkus-run.jar");
        if (!jar.exists()) {
            throw new IllegalStateException("run ./mvnw -pl subscription-service package -DskipTests first");
        }
        String reactive = jdbc.replace("jdbc:", "");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                // -DserviceJfr=/tmp/x.jfr records a CPU profile of the service for the whole run
                System.getProperty("serviceJfr") == null ? "-Dbench=true"
                        : "-XX:StartFlightRecording=settings=profile,filename=" + System.getProperty("serviceJfr"),
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.datasource.jdbc.url=" + jdbc,
                "-Dquarkus.datasource.reactive.url=" + reactive,
                "-Dquarkus.datasource.username=" + PostgresResource.USERNAME,
                "-Dquarkus.datasource.password=" + PostgresResource.PASSWORD,
                "-Damqp-host=127.0.0.1", "-Damqp-port=" + brokerPort,
                "-Damqp-username=callwire", "-Damqp-password=callwire",
                "-Dmp.jwt.verify.publickey.location=" + jwks,
                "-Dmp.jwt.verify.issuer=" + TestTokens.ISSUER,
                "-Dcallwire.rte.connection-token-key=benchmark-only-connection-token-key-000000",
                // not ready until the revocations in force are loaded: the test stand-in plays auth-service
                "-Dcallwire.rte.auth.url=" + io.callwire.subscription.support.AuthServiceStandIn.url(),
                "-Dcallwire.rte.auth.client-secret=" + io.callwire.subscription.support.AuthServiceStandIn.CLIENT_SECRET,
                "-Dcallwire.rte.max-connections-per-user=" + (connections + 1),
                "-Dquarkus.log.level=WARN",
                "-jar", jar.getAbsolutePath()));
        Path log = Files.createTempFile("subscription-service-bench", ".log");
        System.out.println("service log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitReady(URI base) {
        HttpClient http = HttpClient.newHttpClient();
        org.awaitility.Awaitility.await("service ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    static UUID registerQueue(URI base, UUID organization) throws Exception {
        UUID queue = UUID.randomUUID();
        String admin = TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/v1/entities"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"entityType\":\"Queue\",\"id\":\"" + queue + "\",\"name\":\"Bench\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("queue not registered: " + response.statusCode() + " " + response.body());
        }
        return queue;
    }

    private static long heapUsedKbAfterGc(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
