package io.callwire.notifier.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.contract.messaging.Addresses;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.EmbeddedBrokerExtension;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Vertx;

/**
 * {@link EventReceiver} against a real embedded Artemis, on the queue and with the link notifier-service uses:
 * what the SmallRye connector gave the events channel before (settlement left to ingestion, a bounded link
 * while ingestion is full, reconnection for as long as the service runs, readiness) must hold on Vert.x's
 * AMQP client directly.
 */
class EventReceiverTest {

    private static final String QUEUE = "notifier-service";
    private static final int CREDIT = 10;

    @RegisterExtension
    final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();
    private Vertx vertx;
    private EventReceiver receiver;
    private final List<AmqpMessage> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(null);
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aMessageStaysWithTheServiceUntilIngestionSettlesIt() {
        start(this::keepUnsettled);
        publish(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(text(received.get(0))).isEqualTo("{\"n\":0}");
        assertThat(broker.broker().unsettled(Addresses.EVENTS)).as("taken, not yet settled").isEqualTo(3);

        received.forEach(AmqpMessage::accepted);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().messageCount(QUEUE) == 0);
    }

    @Test
    void whileIngestionHasNoRoomTheBrokerKeepsAllButTheLinksCredit() {
        CompletableFuture<Void> room = new CompletableFuture<>();
        start(message -> {
            received.add(message);
            message.accepted();
            return room;
        });
        publish(50);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        // the handler stopped after one; the receiver holds at most the credit it had granted
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(broker.broker().unsettled(Addresses.EVENTS)).as("sent ahead to the receiver, not settled").isLessThanOrEqualTo(CREDIT);

        room.complete(null); // every later message finds the same, completed, stage: room from now on
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 50);
        assertThat(received.stream().map(EventReceiverTest::text).distinct()).hasSize(50);
    }

    @Test
    void connectsWhenTheBrokerComesAndAgainAfterItWentAwayNotReadyMeanwhile() {
        broker.stop(); // no broker yet: the first connection is refused
        start(message -> {
            received.add(message);
            message.accepted();
            return CompletableFuture.completedFuture(null);
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !ready());
        assertThat(receiver.call().getData().orElseThrow().get("reason").toString()).contains("cannot attach");

        broker.start();
        await().atMost(Duration.ofSeconds(10)).until(this::ready);
        publish(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ready());
        broker.start();
        await().atMost(Duration.ofSeconds(10)).until(this::ready);
        publish(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    }

    @Test
    void settlingAMessageWhoseConnectionIsGoneDoesNotThrow() {
        // IngestService settles a batch's messages after its commit, then counts them released: a throw from a
        // message whose connection went away meanwhile would skip that count, and the receiver would stay
        // paused for good once max-pending was reached (subscription-service had such a stall; see RELIABILITY.md)
        start(this::keepUnsettled);
        publish(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ready());

        received.get(0).accepted();
        received.get(1).modified(true, false);
        received.get(2).rejected();

        broker.start();
        await().atMost(Duration.ofSeconds(10)).until(this::ready);
        publish(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
    }

    /** A listener that takes each message and leaves its settlement to the test. */
    private CompletionStage<Void> keepUnsettled(AmqpMessage message) {
        received.add(message);
        return CompletableFuture.completedFuture(null);
    }

    private void start(Function<AmqpMessage, CompletionStage<Void>> listener) {
        receiver = new EventReceiver(vertx, listener, new Events(), broker.client(vertx));
        receiver.start(null);
    }

    private boolean ready() {
        return receiver.call().getStatus() == HealthCheckResponse.Status.UP;
    }

    private void publish(int count) {
        try (AmqpTestClient publisher = broker.connect()) {
            for (int n = 0; n < count; n++) {
                publisher.send(Addresses.EVENTS, "{\"n\":" + n + "}");
            }
        }
    }

    private static String text(AmqpMessage message) {
        return message.bodyAsBinary().toString(StandardCharsets.UTF_8);
    }

    /** The link notifier-service attaches, with a short reconnect interval and a small credit. */
    private static final class Events implements NotifierConfig.Events {
        @Override
        public String address() {
            return Addresses.EVENTS + "::" + QUEUE;
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public int credit() {
            return CREDIT;
        }

        @Override
        public Duration reconnectInterval() {
            return Duration.ofMillis(200);
        }
    }
}
