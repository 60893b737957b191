package io.callwire.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.callwire.contract.messaging.Addresses;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpMessageBuilder;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A plain AMQP 1.0 client for tests: publishes messages the way the contact-center core does and
 * listens on addresses the way another service would. Blocking on purpose: it runs on test threads.
 */
public final class AmqpTestClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final AmqpClient client;
    private final AmqpConnection connection;

    private AmqpTestClient(String host, int port) {
        this.vertx = Vertx.vertx();
        this.client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(host).setPort(port)
                .setUsername("callwire").setPassword("callwire"));
        this.connection = await(client.connect());
    }

    /** Connects to the shared embedded broker of {@link AmqpBrokerResource}. */
    public static AmqpTestClient connect() {
        return new AmqpTestClient(AmqpBrokerResource.host(), AmqpBrokerResource.port());
    }

    /** Connects to any broker. */
    public static AmqpTestClient connect(String host, int port) {
        return new AmqpTestClient(host, port);
    }

    /**
     * Sends a JSON body to an address as a {@code Data} section with content type
     * {@code application/json} and waits until the broker has accepted it.
     */
    public void send(String address, String json, Map<String, Object> applicationProperties) {
        send(address, Addresses.CONTENT_TYPE_JSON, json.getBytes(StandardCharsets.UTF_8), applicationProperties);
    }

    /**
     * Sends raw bytes as a {@code Data} section labelled with any content type, whether the bytes are
     * what the label says or not (a broken or hostile publisher), and waits until the broker has accepted it.
     */
    public void send(String address, String contentType, byte[] body, Map<String, Object> applicationProperties) {
        send(address, data(contentType, body, applicationProperties).address(address).build());
    }

    /** A message with raw bytes as its {@code Data} section, labelled with any content type, to build on or send. */
    public static AmqpMessageBuilder data(String contentType, byte[] body, Map<String, Object> applicationProperties) {
        return AmqpMessage.create().contentType(contentType).applicationProperties(new JsonObject(applicationProperties))
                .withBufferAsBody(Buffer.buffer(body));
    }

    /** Sends a message as it is (any body type, content type and properties) and waits until the broker has accepted it. */
    public void send(String address, AmqpMessage message) {
        AmqpSender sender = await(connection.createSender(address));
        try {
            await(sender.sendWithAck(message));
        } finally {
            await(sender.close());
        }
    }

    /** Sends a JSON body with no application properties. */
    public void send(String address, String json) {
        send(address, json, Map.of());
    }

    /**
     * Attaches a receiver of its own to a multicast address: from now on every message sent there
     * is also queued here. The returned listener is closed with this client.
     */
    public Listener listen(String address) {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        AmqpReceiver receiver = await(connection.createReceiver(address,
                new AmqpReceiverOptions().setCapabilities(java.util.List.of("topic"))));
        receiver.handler(message -> received.add(new Received(bodyOf(message),
                message.applicationProperties() == null ? Map.of() : message.applicationProperties().getMap())));
        return new Listener(received);
    }

    private static String bodyOf(AmqpMessage message) {
        try {
            return message.bodyAsBinary().toString(StandardCharsets.UTF_8);
        } catch (RuntimeException notBinary) {
            return message.bodyAsString();
        }
    }

    @Override
    public void close() {
        try {
            await(connection.close());
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("AMQP operation failed: " + e.getMessage(), e);
        }
    }

    /** A message as received: its body as text and its application properties. */
    public record Received(String body, Map<String, Object> applicationProperties) {
    }

    /** Messages received on one address, in arrival order. */
    public static final class Listener {
        private final BlockingQueue<Received> received;

        private Listener(BlockingQueue<Received> received) {
            this.received = received;
        }

        /** The next message, or {@code null} if none arrives within the timeout. */
        public Received next(Duration timeout) {
            try {
                return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** How many messages are waiting. */
        public int pending() {
            return received.size();
        }
    }
}
