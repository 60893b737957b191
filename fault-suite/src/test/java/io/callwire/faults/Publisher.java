package io.callwire.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.messaging.Addresses;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Publishes events as the contact-center core does (durable, with the contract's application
 * properties and the entity as {@code group-id}), at a steady rate, through broker outages: a send
 * the broker did not accept is counted as refused and the connection is made again. An event counts
 * as <em>accepted</em> only once the broker has acknowledged it; those are the ones that must not be lost.
 */
final class Publisher implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final AmqpClient client;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private AmqpConnection connection;
    private AmqpSender sender;
    private volatile boolean running;
    private volatile boolean broken;
    private Thread thread;

    Publisher(int amqpPort) {
        client = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(amqpPort)
                .setUsername("callwire").setPassword("callwire").setConnectTimeout(2000));
    }

    /** The catalog's example of an event for an organization and entity, with a fresh id and no expiry. */
    static ObjectNode event(String eventName, UUID organization, UUID entity) {
        ObjectNode event = EventCatalog.standard().find(eventName).orElseThrow().example().deepCopy();
        event.put("RootEntityId", organization.toString());
        event.put("EntityId", entity.toString());
        event.put("Id", UUID.randomUUID().toString());
        event.put("Timestamp", Instant.now().toString());
        event.put("MessageTTLSeconds", -1);
        if (event.has("OrganizationId")) {
            event.put("OrganizationId", organization.toString());
        }
        if (event.has("QueueId")) {
            event.put("QueueId", entity.toString());
        }
        return event;
    }

    /** Publishes one event; true once the broker accepted it. */
    synchronized boolean publish(ObjectNode event) {
        try {
            if (broken) {
                dropConnection();
            }
            if (sender == null) {
                broken = false;
                connection = await(client.connect());
                // on the event loop: only flag it, the publishing thread makes the connection again
                connection.exceptionHandler(error -> broken = true);
                sender = await(connection.createSender(Addresses.EVENTS));
            }
            AmqpMessage message = AmqpMessage.create().address(Addresses.EVENTS).durable(true)
                    .contentType(Addresses.CONTENT_TYPE_JSON)
                    .groupId(event.get("EntityId").asText())
                    .applicationProperties(new JsonObject()
                            .put(Addresses.PROPERTY_EVENT_TYPE, event.get("EventType").asText())
                            .put(Addresses.PROPERTY_ENTITY_TYPE, event.get("EntityType").asText())
                            .put(Addresses.PROPERTY_ORGANIZATION_ID, event.get("RootEntityId").asText()))
                    .withBufferAsBody(Buffer.buffer(event.toString().getBytes(StandardCharsets.UTF_8))).build();
            await(sender.sendWithAck(message));
            accepted.add(event.get("Id").asText());
            return true;
        } catch (RuntimeException refusedOrUnreachable) {
            refused.incrementAndGet();
            dropConnection();
            return false;
        }
    }

    /** Publishes {@code perSecond} events from {@code events} on a thread of its own until {@link #stop()}. */
    void start(Supplier<ObjectNode> events, int perSecond) {
        running = true;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        thread = new Thread(() -> {
            long next = System.nanoTime();
            while (running) {
                publish(events.get());
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                    next = System.nanoTime(); // after an outage: no burst to catch up
                }
            }
        }, "fault-suite-publisher");
        thread.start();
    }

    /** Stops the publishing thread. */
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ids of the events the broker accepted, in order. */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** Sends the broker refused or could not take. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        stop();
        dropConnection();
        vertx.close();
    }

    private synchronized void dropConnection() {
        if (connection != null) {
            connection.close();
        }
        connection = null;
        sender = null;
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("AMQP: " + e.getMessage(), e);
        }
    }
}
