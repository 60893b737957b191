package io.callwire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.FreePorts;

/**
 * The standalone Artemis of {@code ./run-local.sh --replicas} (the distribution run-local.sh fetches, as a
 * process) keeps every event published for notifier-service, even one published before the notifier ever
 * attached and across a broker restart while no notifier is attached. Before its broker.xml declared the
 * queue, the queue existed only once the notifier had attached, and Artemis removes such an auto-created
 * queue when it is empty and consumer-less at a restart: the event below was routed to no queue and lost.
 */
class StandaloneBrokerIT {

    @TempDir
    Path work;

    @Test
    void keepsTheNotifiersEventsPublishedBeforeItAttachesAndAcrossARestart() throws Exception {
        Path home = artemisHome();
        Path data = Files.createDirectories(work.resolve("data"));
        int port = FreePorts.next();
        String before = "{\"Id\":\"" + UUID.randomUUID() + "\"}";
        String afterRestart = "{\"Id\":\"" + UUID.randomUUID() + "\"}";

        try (StandaloneBroker broker = StandaloneBroker.start(home, data, port, work)) {
            try (AmqpTestClient publisher = AmqpTestClient.connect("127.0.0.1", port)) {
                publisher.send("callwire.events", durable(before));
            }
        }
        try (StandaloneBroker broker = StandaloneBroker.start(home, data, port, work)) {
            try (AmqpTestClient publisher = AmqpTestClient.connect("127.0.0.1", port)) {
                publisher.send("callwire.events", durable(afterRestart));
                AmqpTestClient.Listener notifier = publisher.listen("callwire.events::" + StandaloneBroker.NOTIFIER_QUEUE);
                AmqpTestClient.Received first = notifier.next(Duration.ofSeconds(20));
                assertThat(first).as("the event published before the notifier's first attach, across a restart (log: %s)",
                        work.resolve("artemis.log")).isNotNull();
                assertThat(first.body()).isEqualTo(before);
                AmqpTestClient.Received second = notifier.next(Duration.ofSeconds(20));
                assertThat(second).as("the event published after the restart").isNotNull();
                assertThat(second.body()).isEqualTo(afterRestart);
            }
        }
        String brokerXml = Files.readString(data.resolve("artemis-standalone/etc/broker.xml"));
        assertThat(StandaloneBroker.declareNotifierQueue(brokerXml)).as("declared once, not again at the second start").isEqualTo(brokerXml);
    }

    @Test
    void refusesABrokerXmlWithoutAddressesInsteadOfStartingWithoutTheQueue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StandaloneBroker.declareNotifierQueue("<configuration/>"))
                .hasMessageContaining("no <addresses>");
    }

    /** An event as the contact-center core publishes it: durable, so that the broker keeps it across a restart. */
    private static io.vertx.amqp.AmqpMessage durable(String json) {
        return io.vertx.amqp.AmqpMessage.create().address("callwire.events").durable(true).contentType("application/json")
                .withBufferAsBody(io.vertx.core.buffer.Buffer.buffer(json)).build();
    }

    /**
     * The distribution {@code ./run-local.sh --replicas} fetches, which the build unpacks for this test
     * ({@code -Dcallwire.artemis.home}, local-launcher's pom); the zip keeps no executable bits.
     */
    private static Path artemisHome() throws IOException {
        String given = System.getProperty("callwire.artemis.home");
        assertThat(given).as("callwire.artemis.home: the build unpacks Apache Artemis there before the integration tests").isNotNull();
        Path home = Path.of(given);
        try (var bin = Files.list(home.resolve("bin"))) {
            bin.forEach(file -> file.toFile().setExecutable(true));
        }
        return home;
    }
}
