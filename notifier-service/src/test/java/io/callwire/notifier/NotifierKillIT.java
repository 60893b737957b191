package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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
        notifier = notifier("notifier-kill-it").property("callwire.notifier.delivery.lease", "5s").build();
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

    @Test
    void aSigtermFinishesTheRequestsInFlightAndLeavesNoLeaseBehind() throws Exception {
        try (Receiver receiver = new Receiver(); AmqpTestClient amqp = AmqpTestClient.connect()) {
            receiver.byDefault(request -> Answer.after(700, 200));
            start();
            UUID org = UUID.randomUUID();
            createWebhook(org, receiver.url());
            for (int i = 0; i < 30; i++) {
                Events.publish(amqp, Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests().size() >= 10);
            long signalled = System.nanoTime();
            int exit = notifier.stop(); // SIGTERM, SIGKILL (exit 137) after the launcher's grace period of 20 s
            assertThat(exit).as("exited by itself, not killed after the grace period").isNotEqualTo(137);
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(20));

            try (var connection = PostgresResource.server().getPostgresDatabase().getConnection();
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT count(*) FILTER (WHERE status = 'DELIVERED'),"
                         + " count(*) FILTER (WHERE status = 'PENDING' AND lease_until > now())"
                         + " FROM delivery WHERE organization_id = '" + org + "'")) {
                rows.next();
                // the requests under way when the signal came were finished and recorded, and nothing stays leased
                assertThat(rows.getLong(1)).isPositive();
                assertThat(rows.getLong(2)).as("jobs still leased to the stopped replica").isZero();
            }
        }
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
