package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpTestClient;
import io.quarkus.test.junit.QuarkusTest;

/** An endpoint that fails every message for {@code auto-disable-after} (3 s in tests) is disabled. */
@QuarkusTest
class AutoDisableTest {

    @Test
    void anEndpointFailingEveryMessageIsAutoDisabledWhileAHealthyOneIsNot() {
        try (Receiver failing = new Receiver().byDefault(500); Receiver healthy = new Receiver();
             AmqpTestClient amqp = AmqpTestClient.connect()) {
            UUID orgA = UUID.randomUUID();
            UUID orgB = UUID.randomUUID();
            String bad = Api.create(orgA, DeliveryTest.webhook(failing.url() + "/down", null)
                    .replace("\"maxAttempts\": 5, \"scheduleSeconds\": [0, 0.2, 0.2]", "\"maxAttempts\": 100, \"scheduleSeconds\": [0, 0.3]"));
            String good = Api.create(orgB, DeliveryTest.webhook(healthy.url() + "/up", null));
            Events.publish(amqp, Events.of("QueueStatus", orgA, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "AUTO_DISABLED".equals(Api.as(orgA).get("/api/v1/webhooks/" + bad).then().extract().path("status")));
            // its pending message is dead, and can be recovered once the endpoint is enabled again
            assertThat(DeliveryTest.deliveries(orgA, bad).get(0).get("status")).isEqualTo("DEAD");

            // meanwhile the other tenant's endpoint is served without delay
            Events.publish(amqp, Events.of("QueueStatus", orgB, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(5)).until(() -> healthy.requests().size() == 1);
            assertThat(Api.as(orgB).get("/api/v1/webhooks/" + good).then().extract().path("status").toString())
                    .isEqualTo("ENABLED");
        }
    }
}
