package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpTestClient;
import io.quarkus.test.junit.QuarkusTest;

/** One tenant's hanging endpoint neither slows nor trips another tenant's endpoint. */
@QuarkusTest
class IsolationTest {

    @Test
    void aHangingEndpointTimesOutAndRetriesWithoutDelayingAnotherTenant() {
        try (Receiver hanging = new Receiver().byDefault(request -> Answer.after(5_000, 200));
             Receiver healthy = new Receiver();
             AmqpTestClient amqp = AmqpTestClient.connect()) {
            UUID slowOrg = UUID.randomUUID();
            UUID fastOrg = UUID.randomUUID();
            String slow = Api.create(slowOrg, DeliveryTest.webhook(hanging.url() + "/hang",
                    "\"timeoutMs\": 300, \"maxConnections\": 1").replace("\"maxAttempts\": 5", "\"maxAttempts\": 2"));
            Api.create(fastOrg, DeliveryTest.webhook(healthy.url() + "/fast", null));
            for (int i = 0; i < 40; i++) {
                Events.publish(amqp, Events.of("QueueStatus", slowOrg, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !hanging.requests().isEmpty());

            Instant sent = Instant.now();
            Events.publish(amqp, Events.of("QueueStatus", fastOrg, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(5)).until(() -> healthy.requests().size() == 1);
            // a shared queue behind 40 timeouts of 300 ms on one connection would take 12 s
            assertThat(Duration.between(sent, healthy.requests().get(0).at())).isLessThan(Duration.ofSeconds(3));

            // the hanging endpoint's attempts ended as timeouts, retried per its policy (2 attempts)
            await().atMost(Duration.ofSeconds(60)).until(() -> DeliveryTest.deliveries(slowOrg, slow).stream()
                    .anyMatch(d -> "DEAD".equals(d.get("status")) && Integer.valueOf(2).equals(d.get("attemptCount"))
                            && String.valueOf(d.get("lastError")).toLowerCase().contains("timeout")));
        }
    }
}
