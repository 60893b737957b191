package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.messaging.EventMessages;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.PackagedService;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Two notifier replicas share the event queue. Events are published as the contract's publishers do
 * ({@link EventMessages}: AMQP {@code group-id} = entity id), so the broker keeps each entity on one
 * replica, and an {@code ordered} webhook receives each entity's events in the order they were
 * published, although both replicas deliver.
 */
class TwoReplicasIT {

    @Test
    void oneEntitysEventsArriveInOrderWhileTwoReplicasConsume() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Set<String> agents = ConcurrentHashMap.newKeySet();
        Vertx vertx = Vertx.vertx();
        PackagedService a = NotifierKillIT.notifier("two-replicas-a").property("callwire.notifier.version", "A").build();
        PackagedService b = NotifierKillIT.notifier("two-replicas-b").property("callwire.notifier.version", "B").build();
        try (Receiver receiver = new Receiver()) {
            receiver.byDefault(request -> {
                var event = NotifierKillIT.json(request.body());
                seen.computeIfAbsent(event.get("EntityId").asText(), k -> new CopyOnWriteArrayList<>())
                        .add(event.get("NbrOfQueuingRequesters").asInt());
                agents.add(request.header("User-Agent"));
                return Answer.of(200);
            });
            a.startAndAwaitReady();
            b.startAndAwaitReady();
            UUID org = UUID.randomUUID();
            NotifierKillIT.createWebhook(a.port(), org, """
                    {"name": "ordered", "url": "%s/crm", "events": ["QueueStatus"], "ordered": true}
                    """.formatted(receiver.url()));
            // replica B learns of the webhook within its index refresh interval
            Thread.sleep(6000);

            AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(AmqpBrokerResource.host())
                    .setPort(AmqpBrokerResource.port()).setUsername("callwire").setPassword("callwire"));
            AmqpConnection connection = client.connect().toCompletionStage().toCompletableFuture().get();
            AmqpSender sender = connection.createSender(Addresses.EVENTS).toCompletionStage().toCompletableFuture().get();
            EventCodec codec = new EventCodec();
            int entities = 20;
            int perEntity = 25;
            List<UUID> ids = new ArrayList<>();
            for (int e = 0; e < entities; e++) {
                ids.add(UUID.randomUUID());
            }
            for (int n = 0; n < perEntity; n++) {
                for (UUID entity : ids) {
                    ObjectNode json = Events.of("QueueStatus", org, entity);
                    json.put("NbrOfQueuingRequesters", n);
                    EventEnvelope event = codec.decode(json);
                    AmqpMessage message = AmqpMessage.create().address(Addresses.EVENTS).durable(true)
                            .contentType(Addresses.CONTENT_TYPE_JSON)
                            .applicationProperties(new JsonObject(EventMessages.applicationProperties(event)))
                            .groupId(EventMessages.groupId(event))
                            .withBufferAsBody(Buffer.buffer(json.toString().getBytes(StandardCharsets.UTF_8))).build();
                    sender.sendWithAck(message).toCompletionStage().toCompletableFuture().get();
                }
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    seen.size() == entities && seen.values().stream().allMatch(l -> l.stream().distinct().count() == perEntity));
            seen.forEach((entity, order) -> assertThat(order.stream().distinct().toList())
                    .as("entity %s", entity).isSorted());
            assertThat(agents).as("both replicas delivered").contains("Callwire/A", "Callwire/B");
            connection.close();
        } finally {
            a.kill();
            b.kill();
            vertx.close();
        }
    }
}
