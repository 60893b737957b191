package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.messaging.EventMessages;
import io.callwire.contract.security.Roles;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.PackagedService;
import io.callwire.testing.TestTokens;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Two packaged notifier replicas share the event queue. Events are published as the contract's
 * publishers do ({@link EventMessages}: AMQP {@code group-id} = entity id), so the broker keeps each
 * entity on one replica and spreads the entities over both.
 * <p>
 * A change of a webhook through one replica reaches the other through PostgreSQL's LISTEN/NOTIFY when
 * it commits. The replicas' periodic index refresh is set to 10 minutes here, so nothing else can make
 * the other replica see the change: events published right after the change must find it.
 */
class TwoReplicasIT {

    static final Receiver RECEIVER = new Receiver();
    /** Event ids seen by the receiver, per path, with the replica that sent each. */
    static final Map<String, Map<String, String>> SEEN = new ConcurrentHashMap<>();
    /** Per entity, the {@code NbrOfQueuingRequesters} of its events in the order they arrived. */
    static final Map<String, List<Integer>> ORDER = new ConcurrentHashMap<>();

    /** While set, {@code /gone} answers 410 Gone (the endpoint is then disabled). */
    static final AtomicBoolean GONE = new AtomicBoolean(true);

    static Vertx vertx;
    static PackagedService a;
    static PackagedService b;
    static int portA;
    static int portB;
    static AmqpConnection connection;
    static AmqpSender sender;
    static final EventCodec CODEC = new EventCodec();

    @BeforeAll
    static void replicas() throws Exception {
        RECEIVER.byDefault(request -> {
            if (request.path().equals("/gone") && GONE.get()) {
                // late enough that every event has its job before the first answer disables the endpoint
                return Answer.after(3000, 410);
            }
            JsonNode event = NotifierKillIT.json(request.body());
            SEEN.computeIfAbsent(request.path(), k -> new ConcurrentHashMap<>())
                    .put(event.get("Id").asText(), request.header("User-Agent"));
            if (request.path().equals("/ordered")) {
                ORDER.computeIfAbsent(event.get("EntityId").asText(), k -> new CopyOnWriteArrayList<>())
                        .add(event.get("NbrOfQueuingRequesters").asInt());
            }
            return Answer.of(200);
        });
        a = NotifierKillIT.notifier("two-replicas-a").property("callwire.notifier.version", "A")
                .property("callwire.notifier.index-refresh-interval", "10m").build();
        b = NotifierKillIT.notifier("two-replicas-b").property("callwire.notifier.version", "B")
                .property("callwire.notifier.index-refresh-interval", "10m").build();
        a.startAndAwaitReady();
        b.startAndAwaitReady();
        portA = a.port();
        portB = b.port();
        // the first request of a fresh process (token keys, classes) can outlast the 5 s request deadline on
        // a loaded machine: made here, once per replica, not by a test's create
        for (int port : new int[] {portA, portB}) {
            send(port, "GET", "/api/v1/webhooks", UUID.randomUUID(), "", 200);
        }
        vertx = Vertx.vertx();
        AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(AmqpBrokerResource.host())
                .setPort(AmqpBrokerResource.port()).setUsername("callwire").setPassword("callwire"));
        connection = client.connect().toCompletionStage().toCompletableFuture().get();
        sender = connection.createSender(Addresses.EVENTS).toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        for (PackagedService replica : new PackagedService[] {a, b}) {
            if (replica != null) {
                replica.kill();
            }
        }
        if (vertx != null) {
            vertx.close();
        }
        RECEIVER.close();
    }

    @Test
    void aWebhookCreatedThroughOneReplicaGetsTheEventsTheOtherTakesRightAfter() throws Exception {
        UUID org = UUID.randomUUID();
        send(portA, "POST", "/api/v1/webhooks", org, """
                {"name": "created", "url": "%s/created", "events": ["QueueStatus"]}
                """.formatted(RECEIVER.url()), 201);

        List<String> ids = publishOnePerEntity(org, "QueueStatus", 40);

        awaitAll("/created", ids);
        assertThat(Set.copyOf(SEEN.get("/created").values())).as("both replicas took events")
                .contains("Callwire/A", "Callwire/B");
    }

    @Test
    void aWebhookEnabledThroughOneReplicaGetsTheEventsTheOtherTakesRightAfter() throws Exception {
        UUID org = UUID.randomUUID();
        String spec = """
                {"name": "enabled later", "url": "%s/enabled", "events": ["QueueStatus"], "enabled": %s}
                """;
        String id = NotifierKillIT.json(send(portA, "POST", "/api/v1/webhooks", org,
                spec.formatted(RECEIVER.url(), false), 201)).get("id").asText();
        // both replicas now hold the endpoint as DISABLED; it is enabled through A
        send(portA, "PUT", "/api/v1/webhooks/" + id, org, spec.formatted(RECEIVER.url(), true), 200);

        List<String> ids = publishOnePerEntity(org, "QueueStatus", 40);

        awaitAll("/enabled", ids);
        assertThat(Set.copyOf(SEEN.get("/enabled").values())).as("both replicas took events")
                .contains("Callwire/A", "Callwire/B");
    }

    @Test
    void aRecoverThroughOneReplicaIsNotUndoneByTheOther() throws Exception {
        UUID org = UUID.randomUUID();
        String spec = """
                {"name": "recovered", "url": "%s/gone", "events": ["QueueStatus"], "retry": {"maxAttempts": 1}%s}
                """;
        String id = NotifierKillIT.json(send(portA, "POST", "/api/v1/webhooks", org, spec.formatted(RECEIVER.url(), ""), 201))
                .get("id").asText();
        List<String> ids = publishOnePerEntity(org, "QueueStatus", 20);
        // the first 410 disables the endpoint; every message ends dead
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode page = NotifierKillIT.json(send(portB, "GET", "/api/v1/webhooks/" + id + "/deliveries?status=DEAD&size=100",
                    org, "", 200));
            return page.get("total").asInt() == ids.size();
        });
        assertThat(NotifierKillIT.json(send(portB, "GET", "/api/v1/webhooks/" + id, org, "", 200)).get("status").asText())
                .isEqualTo("DISABLED");

        // the tenant fixed its receiver, enables the endpoint and recovers through A; both replicas send
        GONE.set(false);
        send(portA, "PUT", "/api/v1/webhooks/" + id, org, spec.formatted(RECEIVER.url(), ", \"enabled\": true"), 200);
        JsonNode recovered = NotifierKillIT.json(send(portA, "POST",
                "/api/v1/webhooks/" + id + "/recover?since=2000-01-01T00:00:00Z", org, "", 200));
        assertThat(recovered.get("resent").asInt()).isEqualTo(ids.size());

        awaitAll("/gone", ids);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                NotifierKillIT.json(send(portB, "GET", "/api/v1/webhooks/" + id + "/deliveries?status=DELIVERED&size=100",
                        org, "", 200)).get("total").asInt() == ids.size());
        assertThat(NotifierKillIT.json(send(portB, "GET", "/api/v1/webhooks/" + id, org, "", 200)).get("status").asText())
                .isEqualTo("ENABLED");
    }

    @Test
    void oneEntitysEventsArriveInOrderWhileTwoReplicasConsume() throws Exception {
        UUID org = UUID.randomUUID();
        send(portA, "POST", "/api/v1/webhooks", org, """
                {"name": "ordered", "url": "%s/ordered", "events": ["QueueStatus"], "ordered": true}
                """.formatted(RECEIVER.url()), 201);
        int entities = 20;
        int perEntity = 25;
        List<UUID> entityIds = new ArrayList<>();
        for (int e = 0; e < entities; e++) {
            entityIds.add(UUID.randomUUID());
        }
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < perEntity; n++) {
            for (UUID entity : entityIds) {
                ObjectNode json = Events.of("QueueStatus", org, entity);
                json.put("NbrOfQueuingRequesters", n);
                ids.add(publish(json));
            }
        }

        awaitAll("/ordered", ids);
        for (UUID entity : entityIds) {
            assertThat(ORDER.get(entity.toString()).stream().distinct().toList()).as("entity %s", entity).isSorted();
        }
        assertThat(Set.copyOf(SEEN.get("/ordered").values())).as("both replicas delivered")
                .contains("Callwire/A", "Callwire/B");
    }

    /** Every event, each of another entity (so the broker spreads them over both replicas); their ids. */
    private static List<String> publishOnePerEntity(UUID org, String eventType, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(publish(Events.of(eventType, org, UUID.randomUUID())));
        }
        return ids;
    }

    private static String publish(ObjectNode json) throws Exception {
        EventEnvelope event = CODEC.decode(json);
        AmqpMessage message = AmqpMessage.create().address(Addresses.EVENTS).durable(true)
                .contentType(Addresses.CONTENT_TYPE_JSON)
                .applicationProperties(new JsonObject(EventMessages.applicationProperties(event)))
                .groupId(EventMessages.groupId(event))
                .withBufferAsBody(Buffer.buffer(json.toString().getBytes(StandardCharsets.UTF_8))).build();
        sender.sendWithAck(message).toCompletionStage().toCompletableFuture().get();
        return json.get("Id").asText();
    }

    private static void awaitAll(String path, List<String> ids) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                SEEN.getOrDefault(path, Map.of()).keySet().containsAll(ids));
    }

    private static String send(int port, String method, String path, UUID org, String body, int expected) throws Exception {
        String token = TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HttpResponse<String> response = NotifierKillIT.HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }
}
