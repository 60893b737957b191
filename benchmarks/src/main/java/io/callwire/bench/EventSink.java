package io.callwire.bench;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.messaging.Addresses;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** Where the publisher puts events: the broker in front of Callwire, RabbitMQ, or the ceiling server. */
interface EventSink extends AutoCloseable {

    void publish(UUID organization, String eventType, UUID entity, String body);

    @Override
    void close();

    /**
     * Callwire's way in: {@code callwire.events} on the AMQP 1.0 broker, each message as event-contract says every
     * publisher sends it (application properties {@code EventType}, {@code EntityType} and {@code OrganizationId},
     * {@code group-id} = the entity, the AMQP TTL of the events' {@code MessageTTLSeconds}, 60 s), and
     * {@code durable}, as the simulator and the core send them: on notifier-service's durable queue the broker
     * writes each event to its journal and deletes it when the notifier settles it, as in production (the
     * subscription-service's queues are not durable, so fan-out journals nothing unless that queue is kept).
     */
    static EventSink artemis(Vertx vertx, int port) throws Exception {
        AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port)
                .setUsername("callwire").setPassword("callwire"));
        AmqpConnection connection = client.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the connection's own context (the sender's completion runs on it): proton is used from that thread only
        java.util.concurrent.atomic.AtomicReference<io.vertx.core.Context> connectionContext = new java.util.concurrent.atomic.AtomicReference<>();
        AmqpSender sender = connection.createSender(Addresses.EVENTS).map(created -> {
            connectionContext.set(Vertx.currentContext());
            return created;
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // Messages wait here, not in proton's transport, while the broker gives no credit: proton walks every
        // delivery it has buffered on each send, so a backlog there made each send cost more than the last
        // (63 % of this JVM's samples on a busy machine, taking the CPU from the broker and the services).
        // Their publish time is taken when they are offered, so the wait counts in their latency.
        java.util.ArrayDeque<AmqpMessage> waiting = new java.util.ArrayDeque<>();
        io.vertx.core.Context context = connectionContext.get() != null ? connectionContext.get() : vertx.getOrCreateContext();
        Runnable drain = () -> {
            while (!waiting.isEmpty() && !sender.writeQueueFull()) {
                sender.send(waiting.poll());
            }
        };
        context.runOnContext(v -> sender.drainHandler(d -> drain.run()));
        return new EventSink() {
            @Override
            public void publish(UUID organization, String eventType, UUID entity, String body) {
                AmqpMessage message = AmqpMessage.create().address(Addresses.EVENTS).contentType(Addresses.CONTENT_TYPE_JSON)
                        .durable(true).ttl(Frames.TTL_SECONDS * 1000L).groupId(entity.toString())
                        .applicationProperties(new JsonObject().put(Addresses.PROPERTY_EVENT_TYPE, eventType)
                                .put(Addresses.PROPERTY_ENTITY_TYPE, EventCatalog.standard().find(eventType).orElseThrow().entityType().wireName())
                                .put(Addresses.PROPERTY_ORGANIZATION_ID, organization.toString()))
                        .withBufferAsBody(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).build();
                context.runOnContext(v -> {
                    waiting.add(message);
                    drain.run();
                });
            }

            @Override
            public void close() {
                connection.close();
                client.close();
            }
        };
    }

    /**
     * The peer's way in: AMQP 0-9-1 to a topic exchange {@code callwire.events} with the routing key
     * {@code <organization>.<event>.<entity>}, which STOMP subscriptions bind to.
     */
    static EventSink rabbit(int port) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        com.rabbitmq.client.Connection connection = factory.newConnection("callwire-bench-publisher");
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(Addresses.EVENTS, "topic", false);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(Addresses.CONTENT_TYPE_JSON).build();
        return new EventSink() {
            @Override
            public void publish(UUID organization, String eventType, UUID entity, String body) {
                try {
                    channel.basicPublish(Addresses.EVENTS, organization + "." + eventType + "." + entity, properties,
                            body.getBytes(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                try {
                    connection.close();
                } catch (Exception ignored) {
                    // the broker is stopped next
                }
            }
        };
    }

    /** The ceiling's way in: events as text frames on the ceiling server's {@code /publish} WebSocket. */
    static EventSink ceiling(Vertx vertx, int port) throws Exception {
        WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/publish")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new EventSink() {
            @Override
            public void publish(UUID organization, String eventType, UUID entity, String body) {
                socket.writeTextMessage(body);
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
