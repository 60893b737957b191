package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.FreePorts;
import io.callwire.testing.JwksResource;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.TestTokens;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, production profile) as a separate
 * process against the embedded PostgreSQL and broker: killed with SIGKILL while deliveries are
 * pending and the receiver is failing, started again, and every message is delivered.
 */
class NotifierKillIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ENCRYPTION_KEY = randomKey();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static int httpPort;
    static Process process;
    static int starts;

    @BeforeAll
    static void infrastructure() {
        PostgresResource.server();
        AmqpBrokerResource.port();
        JwksResource.jwksUrl();
        httpPort = FreePorts.next();
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
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
            process.destroyForcibly().waitFor();

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
            process.destroyForcibly().waitFor();
            publisher.join();
            start();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> messageIdOfEvent.keySet().containsAll(expected));
            assertThat(messageIdOfEvent.keySet()).containsAll(expected);
            assertThat(inconsistent).as("events whose deliveries carried another message id").isEmpty();
        } finally {
            process.destroyForcibly().waitFor();
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
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("exited within the grace period").isTrue();

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
        createWebhook(httpPort, org, """
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

    static void start() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(); // a previous test's process holds the port
        }
        process = launch(httpPort, Path.of("target", "notifier-kill-it-" + (++starts) + ".log"));
    }

    /**
     * Starts the packaged service on {@code port} against the embedded infrastructure, with the extra
     * system properties given ({@code -Dkey=value}), and waits until it is ready.
     */
    static Process launch(int port, Path log, String... extra) throws Exception {
        int pgPort = PostgresResource.server().getPort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:" + pgPort + "/postgres",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "-Dquarkus.datasource.username=" + PostgresResource.USERNAME,
                "-Dquarkus.datasource.password=" + PostgresResource.PASSWORD,
                "-Damqp-host=" + AmqpBrokerResource.host(),
                "-Damqp-port=" + AmqpBrokerResource.port(),
                "-Damqp-username=callwire",
                "-Damqp-password=callwire",
                "-Dmp.jwt.verify.publickey.location=" + JwksResource.jwksUrl(),
                "-Dmp.jwt.verify.issuer=" + TestTokens.ISSUER,
                "-Dmp.jwt.verify.audiences=" + TokenClaims.AUDIENCE,
                "-Dcallwire.notifier.encryption-key=" + ENCRYPTION_KEY,
                "-Dcallwire.notifier.allowed-private-addresses=127.0.0.0/8",
                // jobs of the killed process are claimed again after this lease
                "-Dcallwire.notifier.delivery.lease=5s"));
        // not ready until it has loaded the revocations in force from "auth-service"
        command.addAll(AuthServiceStandIn.systemProperties());
        command.addAll(List.of(extra));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(".")).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("the service exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                return ready.statusCode() == 200;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        return started;
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
