package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** {@code POST /api/v1/webhooks/preview}: the first attempt's request, before saving; nothing stored or sent. */
@QuarkusTest
class PreviewTest {

    /** Headers that differ between a preview and the real request, by design (the note says why). */
    static final Set<String> PER_ATTEMPT = Set.of("webhook-signature", "webhook-timestamp", "webhook-id", "etag");

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    static String preview(String webhook, ObjectNode event) {
        return "{\"webhook\": " + webhook + ", \"event\": " + event + "}";
    }

    @Test
    void showsExactlyWhatTheReceiverThenGets() throws Exception {
        for (String shape : List.of(
                // POST, chosen variables, basic auth, a custom header
                """
                {"name": "crm", "url": "%s/crm/{{QueueId}}?n={{QueueName_asURIComponent}}", "events": ["QueueStatus"],
                 "payload": {"mode": "VARIABLES", "variables": [{"source": "QueueName", "name": "queue"},
                   {"source": "NbrOfQueuingRequesters", "name": "waiting"}, {"source": "dateISO", "name": "when"}]},
                 "auth": {"type": "BASIC", "username": "cw", "password": "pw"}, "headers": {"X-Tenant": "acme"}}
                """,
                // GET with placeholders and variables as query parameters
                """
                {"name": "log", "method": "GET", "url": "%s/log?Event={{EventType}}&Q={{QueueName}}", "events": ["QueueStatus"],
                 "payload": {"mode": "VARIABLES", "variables": [{"source": "OpenStatus", "name": "open"}]}}
                """,
                // the whole event
                """
                {"name": "all", "url": "%s/all", "events": ["QueueStatus"], "auth": {"type": "BEARER", "token": "t0k"}}
                """)) {
            try (Receiver receiver = new Receiver()) {
                UUID org = UUID.randomUUID();
                String webhook = shape.formatted(receiver.url());
                UUID queue = UUID.randomUUID();
                ObjectNode event = Events.of("QueueStatus", org, queue);
                event.put("QueueId", queue.toString());
                event.put("QueueName", "Sales & Support");

                Response answer = Api.as(org).body(preview(webhook, event)).post("/api/v1/webhooks/preview");
                answer.then().statusCode(200).body("note", containsString("placeholder secret"));
                Map<String, Object> shown = answer.jsonPath().getMap("");
                @SuppressWarnings("unchecked")
                Map<String, String> headers = (Map<String, String>) shown.get("headers");
                assertThat(receiver.requests()).as("nothing is sent").isEmpty();
                Api.as(org).get("/api/v1/webhooks").then().body("total", equalTo(0));

                // the placeholder secret named in the note signs the previewed request
                String body = shown.get("body") == null ? "" : (String) shown.get("body");
                new com.standardwebhooks.Webhook("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                        .verify(body, Map.of("webhook-id", List.of(headers.get("webhook-id")),
                                "webhook-timestamp", List.of(headers.get("webhook-timestamp")),
                                "webhook-signature", List.of(headers.get("webhook-signature"))));

                Api.create(org, webhook);
                Events.publish(amqp.client(), event);
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
                Receiver.Request got = receiver.requests().get(0);
                assertThat(got.method()).isEqualTo(shown.get("method"));
                assertThat(receiver.url() + got.uri()).isEqualTo(shown.get("url"));
                assertThat(got.body()).isEqualTo(body);
                headers.forEach((name, value) -> {
                    if (!PER_ATTEMPT.contains(name.toLowerCase())) {
                        assertThat(got.header(name)).as(name).isEqualTo(value);
                    }
                });
            }
        }
    }

    @Test
    void answersTheSameProblemAsACreateAndStoresNothing() {
        UUID org = UUID.randomUUID();
        String invalid = """
                {"name": "", "url": "http://169.254.169.254/latest", "events": ["NoSuchEvent"], "timeoutMs": 5}
                """;
        Response created = Api.as(org).body(invalid).post("/api/v1/webhooks");
        Response previewed = Api.as(org).body(preview(invalid, Events.of("QueueStatus", org, UUID.randomUUID())))
                .post("/api/v1/webhooks/preview");
        created.then().statusCode(400);
        previewed.then().statusCode(400).contentType("application/problem+json");
        assertThat(previewed.jsonPath().getList("errors")).isEqualTo(created.jsonPath().getList("errors"));
        assertThat(previewed.jsonPath().getString("title")).isEqualTo(created.jsonPath().getString("title"));

        String valid = """
                {"name": "ok", "url": "https://203.0.113.10/hook", "events": ["QueueStatus"]}
                """;
        ObjectNode notAnEvent = Events.of("QueueStatus", org, UUID.randomUUID());
        notAnEvent.remove("EventType");
        Api.as(org).body(preview(valid, notAnEvent)).post("/api/v1/webhooks/preview").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", containsString("event"));
        Api.as(org).body(preview(valid, Events.of("QueueStatus", UUID.randomUUID(), UUID.randomUUID())))
                .post("/api/v1/webhooks/preview").then().statusCode(400).body("errors[0].field", equalTo("event.RootEntityId"));
        Api.as(org).get("/api/v1/webhooks").then().body("total", equalTo(0));
    }
}
