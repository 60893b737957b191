package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.notifier.service.UrlGuard;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The URL guard applies at send time too: an endpoint saved while its address was allowed is not
 * called once its address is no longer allowed (here the allow-list is narrowed after saving, which
 * is what a host re-pointed to an internal address looks like to the service).
 */
@QuarkusTest
class SendTimeGuardTest {

    /** The test profile's allow-list (application.properties). */
    static final List<String> TEST_ALLOW_LIST = List.of("127.0.0.0/8", "::1", "localhost");

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Inject
    UrlGuard guard;

    @AfterEach
    void restoreAllowList() {
        guard.replaceAllowList(TEST_ALLOW_LIST);
    }

    @Test
    void anAddressRefusedAfterSavingIsNotCalledNotRetriedAndCanBeResentLater() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, """
                    {"name": "rebinding", "url": "%s/hook", "method": "POST", "events": ["QueueStatus"],
                     "retry": {"maxAttempts": 5, "scheduleSeconds": [0, 0.2, 0.2]}}
                    """.formatted(receiver.url()));
            guard.replaceAllowList(List.of());

            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                List<Map<String, Object>> items = deliveries(org, id);
                return items.size() == 1 && "DEAD".equals(items.get(0).get("status"));
            });
            String delivery = (String) deliveries(org, id).get(0).get("id");
            Api.as(org).get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                    .body("attempts.size()", equalTo(1))
                    .body("attempts[0].error", equalTo("destination address 127.0.0.1 is not allowed"));
            Api.as(org).body("{\"event\": \"QueueStatus\"}").post("/api/v1/webhooks/" + id + "/test").then()
                    .statusCode(200).body("outcome", equalTo("DEAD"))
                    .body("error", equalTo("destination address 127.0.0.1 is not allowed"));
            assertThat(receiver.requests()).isEmpty();

            guard.replaceAllowList(TEST_ALLOW_LIST);
            Api.as(org).post("/api/v1/deliveries/" + delivery + "/resend").then().statusCode(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(
                    Api.as(org).get("/api/v1/deliveries/" + delivery).then().extract().path("status")));
            assertThat(receiver.requests()).hasSize(1);
            assertThat(receiver.requests().get(0).header("Host")).isEqualTo(receiver.url().substring("http://".length()));
        }
    }

    static List<Map<String, Object>> deliveries(UUID org, String webhookId) {
        return Api.as(org).get("/api/v1/webhooks/" + webhookId + "/deliveries").then().statusCode(200)
                .extract().path("items");
    }
}
