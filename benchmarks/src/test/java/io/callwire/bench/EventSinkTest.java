package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.EmbeddedBrokerExtension;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.core.Vertx;

/**
 * The load generator publishes events as event-contract says every publisher of {@code callwire.events} does, so
 * that the broker's share of a figure is production's: read back from notifier-service's durable queue on a real
 * embedded Artemis.
 */
class EventSinkTest {

    @RegisterExtension
    final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void eventsCarryTheContractsPropertiesGroupAndTtlAndAreDurable() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = UUID.randomUUID();

        AmqpMessage received = publishAndReceive(organization, queue);

        assertThat(received.isDurable()).as("journaled by the broker, as the simulator's and the core's events are").isTrue();
        assertThat(received.groupId()).as("group-id = the entity").isEqualTo(queue.toString());
        assertThat(received.ttl()).as("AMQP TTL = MessageTTLSeconds").isEqualTo(Frames.TTL_SECONDS * 1000L);
        assertThat(received.contentType()).isEqualTo(Addresses.CONTENT_TYPE_JSON);
        assertThat(received.applicationProperties().getMap()).containsEntry(Addresses.PROPERTY_EVENT_TYPE, "QueueStatus")
                .containsEntry(Addresses.PROPERTY_ENTITY_TYPE, "Queue")
                .containsEntry(Addresses.PROPERTY_ORGANIZATION_ID, organization.toString());
        assertThat(received.bodyAsBinary().toString()).contains("\"EntityId\":\"" + queue + "\"");
    }

    private AmqpMessage publishAndReceive(UUID organization, UUID queue) throws Exception {
        AmqpClient client = broker.client(vertx);
        try {
            AmqpReceiver receiver = client.createReceiver(Addresses.EVENTS + "::notifier-service")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            CompletableFuture<AmqpMessage> received = new CompletableFuture<>();
            receiver.handler(message -> {
                message.accepted();
                received.complete(message);
            });
            try (EventSink sink = EventSink.artemis(vertx, broker.port())) {
                sink.publish(organization, "QueueStatus", queue, Frames.queueStatus(organization, queue, System.nanoTime()));
                return received.get(10, TimeUnit.SECONDS);
            }
        } finally {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
