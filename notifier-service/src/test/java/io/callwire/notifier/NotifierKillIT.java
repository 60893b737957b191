package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.security.Roles;
import io.callwire.contract.security.TokenClaims;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.PackagedService;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.TestTokens;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, production profile) as a separate
 * process started by test-fixtures' {@link PackagedService}, against the embedded PostgreSQL and broker:
 * killed with SIGKILL while deliveries are pending and the receiver is failing, started again, and every message is delivered.
 */
class NotifierKillIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ENCRYPTION_KEY = randomKey();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static PackagedService notifier;

    @BeforeAll
    static void infrastructure() {
        // jobs of the killed process are claimed again after this lease
        // the circuit breaker is off here: the point is a SIGKILL while every retry of 150 failing messages
        // is in full swing (with it, the endpoint would get a few probes; BreakerTest covers that)
        notifier = notifier("notifier-kill-it").property("callwire.notifier.delivery.lease", "5s")
                .property("callwire.notifier.delivery.breaker.failures", "0").build();
    }

    @AfterAll
    static void stop() {
        notifier.stop();
    }

    @Test
    void everyMessageIsDeliveredAfterASigkillWhileTheReceiverFails() throws Exception {
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        Map<String, String> messageIdOfEvent = new ConcurrentHashMap<>();
        Set<String> inconsistent = ConcurrentHashMap.newKeySet();
        AtomicBoolean healthy = new AtomicBoolean(false);
        try (Receiver receiver = new Receiver(); AmqpTestClient amqp = AmqpTestClient.connect()) {
            receiver.byDefault(request -> {
                String eventId = json(request.body()).get("Id").asText();
                String previous = messageIdOfEvent.putIfAbsent(eventId, request.header("webhook-id"));
                if (previous != null && !previous.equals(request.header("webhook-id"))) {
                    inconsistent.add(eventId);
                }
                if (!healthy.get()) {
                    return Answer.of(503);
                }
                delivered.add(eventId);
                return Answer.of(200);
            });
            start();
            UUID org = UUID.randomUUID();
            createWebhook(org, receiver.url());

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
                Events.publish(amqp, event);
                expected.add(event.get("Id").asText());
            }
            // deliveries are pending and failing
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests().size() >= 100);
            notifier.kill();

            // events keep coming while no notifier runs: the durable queue holds them
            for (int i = 0; i < 50; i++) {
                ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
                Events.publish(amqp, event);
                expected.add(event.get("Id").asText());
            }
            start();
            healthy.set(true);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> delivered.containsAll(expected));
            assertThat(delivered).containsAll(expected);
            assertThat(inconsistent).as("events whose retries carried another message id").isEmpty();
        }
    }

    @Test
    void everyMessageIsDeliveredOnceAfterASigkillDuringIngestion() throws Exception {
        Map<String, String> messageIdOfEvent = new ConcurrentHashMap<>();
        Set<String> inconsistent = ConcurrentHashMap.newKeySet();
        try (Receiver receiver = new Receiver(); AmqpTestClient amqp = AmqpTestClient.connect()) {
            receiver.byDefault(request -> {
                String eventId = json(request.body()).get("Id").asText();
                String previous = messageIdOfEvent.putIfAbsent(eventId, request.header("webhook-id"));
                if (previous != null && !previous.equals(request.header("webhook-id"))) {
                    inconsistent.add(eventId);
                }
                return Answer.of(200);
            });
            start();
            UUID org = UUID.randomUUID();
            createWebhook(org, receiver.url());

            // the kill lands while events are being received and their jobs written: some batches are
            // received and not committed (not acknowledged), others committed and not yet sent
            List<String> expected = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
                    Events.publish(amqp, event);
                    expected.add(event.get("Id").asText());
                }
            });
            publisher.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> !receiver.requests().isEmpty());
            notifier.kill();
            publisher.join();
            start();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> messageIdOfEvent.keySet().containsAll(expected));
            assertThat(messageIdOfEvent.keySet()).containsAll(expected);
            assertThat(inconsistent).as("events whose deliveries carried another message id").isEmpty();
        } finally {
            notifier.kill();
        }
    }

    /**
     * SIGTERM with requests in flight: the worker stops claiming, the requests finish and are recorded,
     * and nothing stays leased to the stopped process. The receiver holds every request until the worker
     * has logged that it is stopping, then answers 200: the requests are certainly in flight when the
     * signal is handled and answered only during the drain, however loaded the machine. Nothing here is
     * timed: the webhook's deadline (60 s) and the service's {@code shutdown-grace} (20 s) only have to
     * outlast the test's own steps, and the one bound is the launcher's: SIGKILL (137) 20 s after SIGTERM.
     */
    @Test
    void aSigtermFinishesTheRequestsInFlightAndLeavesNoLeaseBehind() throws Exception {
        CompletableFuture<Void> drainStarted = new CompletableFuture<>();
        try (Receiver receiver = new Receiver(); AmqpTestClient amqp = AmqpTestClient.connect()) {
            receiver.byDefault(request -> Answer.when(drainStarted, 200));
            start();
            UUID org = UUID.randomUUID();
            createWebhook(notifier.port(), org, """
                    {"name": "sigterm test", "url": "%s/crm", "method": "POST", "events": ["QueueStatus"], "timeoutMs": 60000,
                     "retry": {"maxAttempts": 100, "scheduleSeconds": [0, 0.5]}}
                    """.formatted(receiver.url()));
            for (int i = 0; i < 30; i++) {
                Events.publish(amqp, Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests().size() >= 10);

            long logBefore = Files.size(notifier.log());
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(notifier::stop); // SIGTERM, SIGKILL after 20 s
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> !exit.isDone()
                    && logSince(notifier.log(), logBefore).contains("delivery worker stopping"));
            drainStarted.complete(null);
            assertThat(exit.get()).as("exited by itself, not killed after the grace period").isNotEqualTo(137);

            Set<String> answered = receiver.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
            try (var connection = PostgresResource.server().getPostgresDatabase().getConnection();
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT message_id, status, lease_until > now() AS leased"
                         + " FROM delivery WHERE organization_id = '" + org + "'")) {
                Map<String, String> statusOf = new java.util.HashMap<>();
                int leased = 0;
                while (rows.next()) {
                    statusOf.put(rows.getString(1), rows.getString(2));
                    leased += rows.getBoolean(3) ? 1 : 0;
                }
                // every request under way when the signal came was finished and recorded, and nothing stays leased
                assertThat(answered).isNotEmpty();
                for (String messageId : answered) {
                    assertThat(statusOf.get(messageId)).as("message %s, answered 200 during the drain", messageId)
                            .isEqualTo("DELIVERED");
                }
                assertThat(leased).as("jobs still leased to the stopped replica").isZero();
            }
        } finally {
            drainStarted.complete(null);
        }
    }

    private static String logSince(java.nio.file.Path log, long offset) throws java.io.IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static void createWebhook(UUID org, String receiverUrl) throws Exception {
        createWebhook(notifier.port(), org, """
                {"name": "kill test", "url": "%s/crm", "method": "POST", "events": ["QueueStatus"], "timeoutMs": 1000,
                 "retry": {"maxAttempts": 100, "scheduleSeconds": [0, 0.5]}}
                """.formatted(receiverUrl));
    }

    static void createWebhook(int port, UUID org, String body) throws Exception {
        String token = TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    static void start() {
        notifier.stop(); // a previous test's process holds the port
        notifier.startAndAwaitReady();
    }

    /**
     * The packaged service (production profile) against the embedded infrastructure of this JVM, with
     * the encryption key of this run and loopback receivers allowed.
     */
    static PackagedService.Builder notifier(String name) {
        return PackagedService.of("notifier-service").name(name)
                .properties(AuthServiceStandIn.properties())
                .properties(PackagedService.infrastructure("postgres"))
                .property("mp.jwt.verify.audiences", TokenClaims.AUDIENCE)
                .property("callwire.notifier.encryption-key", ENCRYPTION_KEY)
                .property("callwire.notifier.allowed-private-addresses", "127.0.0.0/8");
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
