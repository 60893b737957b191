package io.callwire.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.callwire.contract.messaging.Addresses;
import io.callwire.embedded.EmbeddedBroker;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * notifier-service's durable queue ({@code callwire.events::notifier-service}) outlives a broker
 * restart even when it was empty: an event the broker accepts before the notifier is attached again
 * waits there. Until the embedded broker declared the queue, Artemis had auto-created it on the
 * notifier's first attach and, as an auto-created queue with no consumer and no message, removed it
 * when it started again; events accepted in between were routed to no queue at all.
 */
class EmbeddedBrokerRestartTest {

    @Test
    void anEventAcceptedWhileTheNotifierIsAwayAfterARestartIsWaitingForIt() throws Exception {
        Path data = Files.createTempDirectory("broker-restart");
        int port = FreePorts.next();
        Vertx vertx = Vertx.vertx();
        EmbeddedBroker broker = EmbeddedBroker.start("restart-test", port, data);
        try {
            AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port)
                    .setUsername("callwire").setPassword("callwire"));
            // the notifier attaches as it does in production, takes what is there, and goes away
            AmqpConnection notifier = await(client.connect());
            BlockingQueue<String> received = attachAsNotifier(notifier);
            send(client, "{\"n\":1}");
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"n\":1}");
            await(notifier.close());

            broker.restart();
            send(client, "{\"n\":2}"); // accepted by the broker while no notifier is attached

            AmqpConnection back = await(client.connect());
            BlockingQueue<String> afterRestart = attachAsNotifier(back);
            assertThat(afterRestart.poll(10, TimeUnit.SECONDS))
                    .as("the event accepted before the notifier was attached again").isEqualTo("{\"n\":2}");
            await(back.close());
        } finally {
            broker.close();
            await(vertx.close());
        }
    }

    /** The receiver notifier-service's {@code events} channel attaches (application.properties). */
    private static BlockingQueue<String> attachAsNotifier(AmqpConnection connection) {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        var receiver = await(connection.createReceiver(Addresses.EVENTS + "::notifier-service",
                new AmqpReceiverOptions().setDurable(true).setCapabilities(List.of("topic")).setLinkName("events")));
        receiver.handler(message -> {
            received.add(message.bodyAsBinary().toString(StandardCharsets.UTF_8));
            message.accepted();
        });
        return received;
    }

    private static void send(AmqpClient client, String json) {
        AmqpConnection publisher = await(client.connect());
        try {
            var sender = await(publisher.createSender(Addresses.EVENTS));
            await(sender.sendWithAck(AmqpMessage.create().address(Addresses.EVENTS).durable(true)
                    .withBufferAsBody(Buffer.buffer(json.getBytes(StandardCharsets.UTF_8))).build()));
        } finally {
            await(publisher.close());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("AMQP: " + e.getMessage(), e);
        }
    }
}
