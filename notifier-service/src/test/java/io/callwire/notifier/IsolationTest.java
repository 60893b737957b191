package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    static List<Map<String, Object>> slowDeliveries(UUID org, String webhookId) {
        return Api.as(org).get("/api/v1/webhooks/" + webhookId + "/deliveries?size=100").then().statusCode(200)
                .extract().path("items");
    }

    @Test
    void aHangingEndpointTimesOutWithoutDelayingAnotherTenant() {
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

            // every message of the hanging endpoint ends (dead after its attempts, or when the endpoint is
            // auto-disabled for failing everything: 3 s in tests)
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<Map<String, Object>> items = slowDeliveries(slowOrg, slow);
                return items.size() == 40 && items.stream().noneMatch(d -> "PENDING".equals(d.get("status")));
            });
            List<Map<String, Object>> items = slowDeliveries(slowOrg, slow);
            // each attempt counted is a request the receiver got, which then timed out: a request waiting for
            // the endpoint's one connection is not failed as a timeout before it is sent (issue 15)
            int attempts = items.stream().mapToInt(d -> ((Number) d.get("attemptCount")).intValue()).sum();
            assertThat(attempts).isPositive().isLessThanOrEqualTo(hanging.requests().size());
            String attempted = (String) items.stream().filter(d -> ((Number) d.get("attemptCount")).intValue() > 0)
                    .findFirst().orElseThrow().get("id");
            String error = Api.as(slowOrg).get("/api/v1/deliveries/" + attempted).then().statusCode(200)
                    .extract().path("attempts[0].error");
            assertThat(error).contains("timeout");
        }
    }
}
