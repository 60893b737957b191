package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.security.Roles;
import io.callwire.contract.security.TokenClaims;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.PackagedService;
import io.callwire.testing.TestTokens;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged notifier-service (separate processes, production profile) on one
 * database and one broker, as the production overlay runs them: they compete on the durable queue,
 * so each event reaches the webhook once; SIGKILL one of them while events keep coming and none is
 * lost (a duplicate may follow the crash, never normal operation).
 */
class NotifierReplicasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String KEY = randomKey();

    private final List<PackagedService> replicas = new ArrayList<>();
    private HttpServer receiver;

    @AfterEach
    void stop() throws Exception {
        replicas.forEach(PackagedService::stop);
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void eachEventReachesTheWebhookOnceAndNoneIsLostWhenAReplicaIsKilled() throws Exception {
        // deploy-check depends on notifier-service (pom type): the reactor packages it before these tests,
        // and the launcher fails (never skips) when its jar is missing
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/crm", exchange -> {
            String id = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("Id").asText();
            deliveries.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();

        replicas.add(replica(1).startProcess());
        replicas.add(replica(2).startProcess());
        replicas.forEach(PackagedService::awaitReady);

        UUID organization = UUID.randomUUID();
        createWebhook(replicas.get(0).port(), organization, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/crm");
        // No wait: the other replica is told of the new webhook by PostgreSQL (LISTEN/NOTIFY) when the
        // create commits, before the answer; its periodic index refresh is set far beyond this test
        // below, so every event it takes from here on finding the webhook is the notification's doing.

        List<String> sent = new ArrayList<>();
        try (AmqpTestClient amqp = AmqpTestClient.connect()) {
            // normal operation: two replicas, every event once
            sent.addAll(publish(amqp, organization, 200));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> deliveries.keySet().containsAll(sent));
            assertThat(deliveries.values()).as("deliveries per event with two replicas")
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));

            // one replica dies mid-stream: events keep coming, the other replica takes over
            List<String> more = new ArrayList<>(publish(amqp, organization, 100));
            replicas.get(1).kill();
            more.addAll(publish(amqp, organization, 100));
            sent.addAll(more);
            // jobs the killed replica had claimed come back after their lease (10 s here)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> deliveries.keySet().containsAll(sent));
        }
        assertThat(deliveries.keySet()).containsAll(sent);
        assertThat(deliveries.keySet()).hasSize(sent.size());
    }

    private static List<String> publish(AmqpTestClient amqp, UUID organization, int count) {
        List<String> ids = new ArrayList<>();
        ObjectNode example = (ObjectNode) EventCatalog.standard().find("QueueStatus").orElseThrow().example();
        for (int i = 0; i < count; i++) {
            ObjectNode event = example.deepCopy();
            event.put("RootEntityId", organization.toString());
            event.put("EntityId", UUID.randomUUID().toString());
            event.put("Id", UUID.randomUUID().toString());
            event.put("Timestamp", Instant.now().toString());
            event.put("MessageTTLSeconds", -1);
            amqp.send(Addresses.EVENTS, event.toString(), Map.of(
                    Addresses.PROPERTY_EVENT_TYPE, event.get("EventType").asText(),
                    Addresses.PROPERTY_ENTITY_TYPE, event.get("EntityType").asText(),
                    Addresses.PROPERTY_ORGANIZATION_ID, organization.toString()));
            ids.add(event.get("Id").asText());
        }
        return ids;
    }

    private static void createWebhook(int port, UUID organization, String url) throws Exception {
        String token = TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        String body = """
                {"name": "replicas", "url": "%s", "method": "POST", "events": ["QueueStatus"], "timeoutMs": 2000}
                """.formatted(url);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static PackagedService replica(int replica) {
        return PackagedService.of("notifier-service").name("notifier-replica-" + replica)
                .properties(AuthServiceStandIn.properties())
                .properties(PackagedService.infrastructure("postgres"))
                .property("mp.jwt.verify.audiences", TokenClaims.AUDIENCE)
                .property("callwire.notifier.encryption-key", KEY)
                .property("callwire.notifier.allowed-private-addresses", "127.0.0.0/8")
                .property("callwire.notifier.index-refresh-interval", "10m")
                .property("callwire.notifier.delivery.lease", "10s")
                .build();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
