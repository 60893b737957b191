package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;

/** What a tenant sees after changing its webhook: its status kept, its fixes used by retries, its encodings. */
@QuarkusTest
class TenantChangesTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Test
    void anUpdateWithoutEnabledKeepsAnEndpointCallwireDisabled() {
        try (Receiver receiver = new Receiver()) {
            receiver.byDefault(410);
            UUID org = UUID.randomUUID();
            String json = """
                    {"name": "gone", "url": "%s/hook", "events": ["QueueStatus"], "retry": {"maxAttempts": 1}}
                    """.formatted(receiver.url());
            String id = Api.create(org, json);
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(10)).until(() -> "DISABLED".equals(
                    Api.as(org).get("/api/v1/webhooks/" + id).then().extract().path("status")));

            Api.as(org).body(json.replace("\"gone\"", "\"renamed\"")).put("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("status", equalTo("DISABLED")).body("enabled", equalTo(false));
            Api.as(org).body(json.replace("\"retry\"", "\"enabled\": true, \"retry\""))
                    .put("/api/v1/webhooks/" + id).then().statusCode(200).body("status", equalTo("ENABLED"));
        }
    }

    @Test
    void retriesGoToTheFixedUrlWithTheNewHeadersAndTheSameMessage() {
        try (Receiver broken = new Receiver(); Receiver fixed = new Receiver()) {
            broken.byDefault(503);
            UUID org = UUID.randomUUID();
            String template = """
                    {"name": "moving", "url": "%s/hook/{{QueueId}}", "events": ["QueueStatus"], %s
                     "retry": {"maxAttempts": 10, "scheduleSeconds": [0, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}
                    """;
            String id = Api.create(org, template.formatted(broken.url(), ""));
            UUID queue = UUID.randomUUID();
            ObjectNode event = Events.of("QueueStatus", org, queue);
            event.put("QueueId", queue.toString());
            Events.publish(amqp.client(), event);
            await().atMost(Duration.ofSeconds(10)).until(() -> !broken.requests().isEmpty());

            Api.as(org).body(template.formatted(fixed.url(), "\"headers\": {\"X-Fixed\": \"yes\"},"))
                    .put("/api/v1/webhooks/" + id).then().statusCode(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> !fixed.requests().isEmpty());
            Receiver.Request first = broken.requests().get(0);
            Receiver.Request retry = fixed.requests().get(0);
            assertThat(retry.path()).isEqualTo("/hook/" + queue);
            assertThat(retry.header("X-Fixed")).isEqualTo("yes");
            assertThat(retry.header("webhook-id")).isEqualTo(first.header("webhook-id"));
            assertThat(retry.body()).isEqualTo(first.body());
        }
    }

    @Test
    void asUriComponentIsEncodedInAVariablesBody() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Api.create(org, """
                    {"name": "vars", "url": "%s/hook", "events": ["QueueStatus"],
                     "payload": {"mode": "VARIABLES", "variables": [
                       {"source": "QueueName_asURIComponent", "name": "q"}, {"source": "QueueName", "name": "raw"}]}}
                    """.formatted(receiver.url()));
            ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
            event.put("QueueName", "Sales & Support/EU");
            Events.publish(amqp.client(), event);
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requests().isEmpty());
            assertThat(DeliveryTest.json(receiver.requests().get(0).body()).get("q").asText())
                    .isEqualTo("Sales%20%26%20Support%2FEU");
            assertThat(DeliveryTest.json(receiver.requests().get(0).body()).get("raw").asText())
                    .isEqualTo("Sales & Support/EU");
        }
    }

    @Test
    void eachEventSendsItsOwnFieldsUnderItsOwnNamesAndTheMessageIdIsAVariable() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Api.create(org, """
                    {"name": "per event", "url": "%s/hook?guid={{MessageId}}", "events": ["QueueStatus", "UserStatus"],
                     "payload": {"mode": "VARIABLES",
                       "variables": [{"source": "EventType", "name": "event"}],
                       "perEvent": {"queuestatus": [{"source": "QueueName", "name": "servizio"},
                                                    {"source": "MessageId", "name": "guid"}]}}}
                    """.formatted(receiver.url()));
            ObjectNode queue = Events.of("QueueStatus", org, UUID.randomUUID());
            queue.put("QueueName", "Sales");
            Events.publish(amqp.client(), queue);
            Events.publish(amqp.client(), Events.of("UserStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);

            Receiver.Request queueRequest = receiver.requests().stream()
                    .filter(r -> r.body().contains("servizio")).findFirst().orElseThrow();
            String messageId = queueRequest.header("webhook-id");
            assertThat(DeliveryTest.json(queueRequest.body()).toString())
                    .isEqualTo("{\"servizio\":\"Sales\",\"guid\":\"" + messageId + "\"}");
            assertThat(queueRequest.uri()).isEqualTo("/hook?guid=" + messageId);
            Receiver.Request userRequest = receiver.requests().stream()
                    .filter(r -> !r.body().contains("servizio")).findFirst().orElseThrow();
            assertThat(DeliveryTest.json(userRequest.body()).toString()).isEqualTo("{\"event\":\"UserStatus\"}");
        }
    }

    @Test
    void refusesPerEventFieldsOfAnotherEventOrOfAnEventNotChosen() {
        UUID org = UUID.randomUUID();
        Api.as(org).body("""
                {"name": "bad", "url": "https://203.0.113.10/hook", "events": ["QueueStatus", "UserStatus"],
                 "payload": {"mode": "VARIABLES", "perEvent": {
                   "QueueStatus": [{"source": "QueueName", "name": "q"}],
                   "UserStatus": [{"source": "QueueName", "name": "q"}],
                   "CallbackChanged": [{"source": "EventType", "name": "e"}]}}}
                """).post("/api/v1/webhooks").then().statusCode(400)
                .body("errors.field", hasItems("payload.perEvent.UserStatus[0].source",
                        "payload.perEvent.CallbackChanged"));
    }

    static List<Map<String, Object>> deliveries(UUID org, String id) {
        return DeliveryTest.deliveries(org, id);
    }
}
