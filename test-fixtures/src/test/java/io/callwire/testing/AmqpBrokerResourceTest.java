package io.callwire.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.callwire.contract.messaging.Addresses;

class AmqpBrokerResourceTest {

    @Test
    void roundTripsAMessageWithItsPropertiesThroughTheRealBroker() {
        Map<String, String> config = new AmqpBrokerResource().start();
        assertThat(config).containsEntry("amqp-port", String.valueOf(AmqpBrokerResource.port()));

        try (AmqpTestClient client = AmqpTestClient.connect()) {
            AmqpTestClient.Listener listener = client.listen("fixture.probe");
            client.send("fixture.probe", "{\"hello\":\"broker\"}", Map.of(Addresses.PROPERTY_EVENT_TYPE, "QueueStatus"));

            AmqpTestClient.Received received = listener.next(Duration.ofSeconds(10));
            assertThat(received).isNotNull();
            assertThat(received.body()).isEqualTo("{\"hello\":\"broker\"}");
            assertThat(received.applicationProperties()).containsEntry(Addresses.PROPERTY_EVENT_TYPE, "QueueStatus");
        }
    }

    @Test
    void everyListenerOfAMulticastAddressGetsItsOwnCopy() {
        new AmqpBrokerResource().start();
        try (AmqpTestClient client = AmqpTestClient.connect()) {
            AmqpTestClient.Listener first = client.listen("fixture.fanout");
            AmqpTestClient.Listener second = client.listen("fixture.fanout");
            client.send("fixture.fanout", "{\"n\":1}");

            assertThat(first.next(Duration.ofSeconds(10))).isNotNull();
            assertThat(second.next(Duration.ofSeconds(10))).isNotNull();
        }
    }
}
