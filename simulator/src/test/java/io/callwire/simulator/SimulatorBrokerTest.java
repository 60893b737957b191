package io.callwire.simulator;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpTestClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Publishes through the real embedded AMQP broker and receives what another service would. */
class SimulatorBrokerTest {

    @Test
    void publishesEventsWithTheirApplicationPropertiesToCallwireEvents() throws Exception {
        int port = AmqpBrokerResource.port();
        try (AmqpTestClient client = AmqpTestClient.connect()) {
            AmqpTestClient.Listener listener = client.listen(Addresses.EVENTS);
            SimulatorConfig config = SimulatorConfig.builder().host(AmqpBrokerResource.host()).port(port)
                    .credentials("callwire", "callwire").demo(true).rate(500).maxEvents(300).seed(3).build();
            SimulatorStats stats;
            try (Simulator simulator = Simulator.start(config)) {
                assertThat(simulator.awaitCompletion(Duration.ofSeconds(30))).isTrue();
                stats = simulator.stats();
            }
            assertThat(stats.generated()).isEqualTo(300);
            assertThat(stats.accepted()).isEqualTo(300);
            assertThat(stats.failed()).isZero();
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.acceptedByEventType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);

            EventCodec codec = new EventCodec();
            List<EventEnvelope> received = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                AmqpTestClient.Received message = listener.next(Duration.ofSeconds(10));
                assertThat(message).as("message %d", i).isNotNull();
                EventEnvelope event = codec.decode(message.body().getBytes(StandardCharsets.UTF_8));
                assertThat(message.applicationProperties())
                        .containsEntry(Addresses.PROPERTY_EVENT_TYPE, event.eventType())
                        .containsEntry(Addresses.PROPERTY_ENTITY_TYPE, event.entityType().wireName())
                        .containsEntry(Addresses.PROPERTY_ORGANIZATION_ID, DemoTenant.ORGANIZATION_ID.toString());
                assertThat(EventCatalog.standard().validate(event)).isEmpty();
                received.add(event);
            }
            assertThat(listener.next(Duration.ofMillis(200))).as("no more than the count").isNull();
            // the same events, in the order the model produced them (timestamps aside: live runs use the wall clock)
            List<String> expected = Simulator.events(config).map(EventEnvelope::eventType).toList();
            assertThat(received).extracting(EventEnvelope::eventType).containsExactlyElementsOf(expected);
            assertThat(received).extracting(EventEnvelope::id).doesNotHaveDuplicates();
            assertThat(received).isSortedAccordingTo((a, b) -> a.timestamp().compareTo(b.timestamp()));
        }
    }

    @Test
    void keepsTheConfiguredRate() {
        SimulatorConfig config = SimulatorConfig.builder().host(AmqpBrokerResource.host())
                .port(AmqpBrokerResource.port()).credentials("callwire", "callwire").rate(100).maxEvents(150).build();
        long start = System.nanoTime();
        try (Simulator simulator = Simulator.start(config)) {
            assertThat(simulator.awaitConnected(Duration.ofSeconds(10))).isTrue();
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(30))).isTrue();
            assertThat(simulator.stats().accepted()).isEqualTo(150);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // 150 events at 100/s take about 1.5 s, not a burst
        assertThat(took).isGreaterThan(Duration.ofMillis(1_300));
    }

    @Test
    void reconnectsAfterABrokerRestartAndCarriesOn() {
        SimulatorConfig config = SimulatorConfig.builder().host(AmqpBrokerResource.host())
                .port(AmqpBrokerResource.port()).credentials("callwire", "callwire").demo(true).rate(200).build();
        try (Simulator simulator = Simulator.start(config)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.stats().accepted() >= 100);
            AmqpBrokerResource.restart();
            long acceptedAtRestart = simulator.stats().accepted();
            await().atMost(Duration.ofSeconds(30)).until(() -> simulator.stats().accepted() >= acceptedAtRestart + 200);
            // nothing piles up while the broker is away
            assertThat(simulator.stats().inFlight()).isLessThanOrEqualTo(config.maxInFlight());
        }
        try (AmqpTestClient client = AmqpTestClient.connect()) {
            AmqpTestClient.Listener listener = client.listen(Addresses.EVENTS);
            try (Simulator simulator = Simulator.start(config.toBuilder().maxEvents(5).build())) {
                assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            }
            assertThat(listener.next(Duration.ofSeconds(10))).isNotNull();
        }
    }

    @Test
    void waitsForABrokerThatIsNotThereWithoutSendingOrBuffering() {
        int unusedPort = io.callwire.testing.FreePorts.next();
        SimulatorConfig config = SimulatorConfig.builder().host("127.0.0.1").port(unusedPort).rate(1000).build();
        try (Simulator simulator = Simulator.start(config)) {
            assertThat(simulator.awaitConnected(Duration.ofMillis(1_500))).isFalse();
            assertThat(simulator.stats().generated()).isZero();
            assertThat(simulator.stats().inFlight()).isZero();
        }
    }
}
