package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;

/** Deliveries end to end: events on the real broker, jobs in the real database, a real HTTP receiver. */
@QuarkusTest
class DeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    static String webhook(String url, String extra) {
        return """
                {"name": "test", "url": "%s", "method": "POST", "events": ["QueueStatus"],
                 "retry": {"maxAttempts": 5, "scheduleSeconds": [0, 0.2, 0.2]} %s}
                """.formatted(url, extra == null ? "" : ", " + extra);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void verifySignature(String secret, Receiver.Request request) throws Exception {
        new com.standardwebhooks.Webhook(secret).verify(request.body(), Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature"))));
    }

    static List<Map<String, Object>> deliveries(UUID org, String webhookId) {
        return Api.as(org).get("/api/v1/webhooks/" + webhookId + "/deliveries").then().statusCode(200)
                .extract().path("items");
    }

    @Test
    void postsTheEventWithStandardWebhooksSignatureAndConfiguredHeaders() throws Exception {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            AmqpTestClient.Listener receipts = amqp.client().listen(Addresses.DELIVERIES);
            Map<String, Object> created = Api.as(org).body(webhook(receiver.url() + "/crm",
                            "\"auth\": {\"type\": \"BASIC\", \"username\": \"crm\", \"password\": \"pw\"},"
                                    + " \"headers\": {\"X-Tenant\": \"acme\"}"))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().as(Map.class);
            String secret = (String) created.get("signingSecret");
            String webhookId = (String) created.get("id");
            ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
            Events.publish(amqp.client(), event);

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 1);
            Receiver.Request request = receiver.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/crm");
            assertThat(request.header("ETag")).isEqualTo(request.header("webhook-id"));
            assertThat(request.header("User-Agent")).startsWith("Callwire/");
            assertThat(request.header("X-Tenant")).isEqualTo("acme");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.header("Authorization")).isEqualTo("Basic Y3JtOnB3");
            assertThat(json(request.body()).get("Id").asText()).isEqualTo(event.get("Id").asText());
            assertThat(json(request.body()).get("EventType").asText()).isEqualTo("QueueStatus");
            verifySignature(secret, request);

            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveries(org, webhookId).get(0).get("status")));
            String deliveryId = (String) deliveries(org, webhookId).get(0).get("id");
            Api.as(org).get("/api/v1/deliveries/" + deliveryId).then().statusCode(200)
                    .body("messageId", equalTo(request.header("webhook-id")))
                    .body("attempts.size()", equalTo(1))
                    .body("attempts[0].httpStatus", equalTo(200));

            JsonNode receipt = null;
            for (int i = 0; i < 20 && receipt == null; i++) {
                AmqpTestClient.Received next = receipts.next(Duration.ofSeconds(5));
                if (next != null && json(next.body()).path("webhookId").asText().equals(webhookId)) {
                    receipt = json(next.body());
                }
            }
            assertThat(receipt).isNotNull();
            assertThat(receipt.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(receipt.get("messageId").asText()).isEqualTo(request.header("webhook-id"));
            assertThat(receipt.get("organizationId").asText()).isEqualTo(org.toString());
            assertThat(receipt.get("httpStatus").asInt()).isEqualTo(200);
        }
    }

    @Test
    void aRedeliveredEventIsSentOnce() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            String webhookId = Api.create(org, webhook(receiver.url() + "/once", null));
            ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
            Events.publish(amqp.client(), event);
            Events.publish(amqp.client(), event);

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests().size() == 1);
            assertThat(deliveries(org, webhookId)).hasSize(1);
        }
    }

    @Test
    void receiptsLeftInTheOutboxArePublishedByTheSweep() throws Exception {
        // what a replica that died between its commit and the broker's acceptance leaves behind
        UUID deliveryId = UUID.randomUUID();
        String payload = "{\"deliveryId\": \"" + deliveryId + "\", \"eventType\": \"QueueStatus\", \"organizationId\": \""
                + UUID.randomUUID() + "\", \"status\": \"DELIVERED\"}";
        AmqpTestClient.Listener receipts = amqp.client().listen(Addresses.DELIVERIES);
        try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME,
                PostgresResource.PASSWORD);
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO delivery_outbox (payload, created_at) VALUES (?, now() - interval '1 minute')")) {
            insert.setString(1, payload);
            insert.executeUpdate();
        }

        JsonNode receipt = null;
        for (int i = 0; i < 20 && receipt == null; i++) {
            AmqpTestClient.Received next = receipts.next(Duration.ofSeconds(5));
            if (next != null && json(next.body()).path("deliveryId").asText().equals(deliveryId.toString())) {
                receipt = json(next.body());
            }
        }
        assertThat(receipt).isNotNull();
        assertThat(receipt.get("status").asText()).isEqualTo("DELIVERED");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME,
                    PostgresResource.PASSWORD);
                 PreparedStatement left = c.prepareStatement("SELECT count(*) FROM delivery_outbox WHERE payload = ?")) {
                left.setString(1, payload);
                try (ResultSet rs = left.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            }
        });
    }

    @Test
    void everyReceiptIsPublishedOnceAndLeavesNoOutboxRow() throws Exception {
        // the outbox rows of published receipts are deleted by the next outcome statement, or on their own
        // when no outcome follows (the last batch here): a row left behind would be published again by the
        // sweep once it is 10 s old
        try (Receiver receiver = new Receiver()) {
            AmqpTestClient.Listener receipts = amqp.client().listen(Addresses.DELIVERIES);
            UUID org = UUID.randomUUID();
            String webhookId = Api.create(org, webhook(receiver.url() + "/receipts", null));
            int events = 40;
            for (int i = 0; i < events; i++) {
                Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() == events);

            Map<String, Integer> published = new java.util.HashMap<>();
            long until = System.nanoTime() + Duration.ofSeconds(14).toNanos();
            while (System.nanoTime() < until) {
                AmqpTestClient.Received next = receipts.next(Duration.ofMillis(500));
                if (next != null && json(next.body()).path("webhookId").asText().equals(webhookId)) {
                    published.merge(json(next.body()).path("deliveryId").asText(), 1, Integer::sum);
                }
            }
            assertThat(published).hasSize(events);
            assertThat(published.values()).allMatch(count -> count == 1);
            try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME,
                    PostgresResource.PASSWORD);
                 PreparedStatement left = c.prepareStatement("SELECT count(*) FROM delivery_outbox WHERE payload LIKE ?")) {
                left.setString(1, "%" + webhookId + "%");
                try (ResultSet rs = left.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void retriesOn503WithTheSameMessageIdAndBody() throws Exception {
        try (Receiver receiver = new Receiver().thenAnswer(Answer.of(503), Answer.of(503))) {
            UUID org = UUID.randomUUID();
            Map<String, Object> created = Api.as(org).body(webhook(receiver.url() + "/flaky", null))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().as(Map.class);
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 3);
            List<Receiver.Request> requests = receiver.requests();
            assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(requests.get(0).header("webhook-id"));
            assertThat(requests).extracting(Receiver.Request::body).containsOnly(requests.get(0).body());
            for (Receiver.Request request : requests) {
                verifySignature((String) created.get("signingSecret"), request);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Map<String, Object> delivery = deliveries(org, (String) created.get("id")).get(0);
                return "DELIVERED".equals(delivery.get("status")) && Integer.valueOf(3).equals(delivery.get("attemptCount"));
            });
        }
    }

    @Test
    void honoursRetryAfter() {
        try (Receiver receiver = new Receiver().thenAnswer(new Answer(429, Map.of("Retry-After", "1"), "slow down"))) {
            UUID org = UUID.randomUUID();
            // the schedule alone would wait an hour before the second attempt
            Api.create(org, webhook(receiver.url() + "/busy", null).replace("[0, 0.2, 0.2]", "[0, 3600]"));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 2);
            Duration between = Duration.between(receiver.requests().get(0).at(), receiver.requests().get(1).at());
            assertThat(between).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void goneDisablesTheEndpoint() {
        try (Receiver receiver = new Receiver().byDefault(410)) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, webhook(receiver.url() + "/gone", null));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() ->
                    "DISABLED".equals(Api.as(org).get("/api/v1/webhooks/" + id).then().extract().path("status")));
            assertThat(receiver.requests()).hasSize(1);
            assertThat(deliveries(org, id).get(0).get("status")).isEqualTo("DEAD");
        }
    }

    @Test
    void eventsPastTheirTtlAreNotSent() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, webhook(receiver.url() + "/late", null));
            ObjectNode stale = Events.of("QueueStatus", org, UUID.randomUUID());
            stale.put("Timestamp", Instant.now().minusSeconds(120).toString());
            stale.put("MessageTTLSeconds", 60);
            Events.publish(amqp.client(), stale);

            await().atMost(Duration.ofSeconds(15)).until(() -> !deliveries(org, id).isEmpty()
                    && "EXPIRED".equals(deliveries(org, id).get(0).get("status")));
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void anotherOrganizationsEventsNeverReachTheEndpoint() {
        try (Receiver receiver = new Receiver()) {
            UUID orgA = UUID.randomUUID();
            UUID orgB = UUID.randomUUID();
            Api.create(orgA, webhook(receiver.url() + "/a", null));
            ObjectNode ofB = Events.of("QueueStatus", orgB, UUID.randomUUID());
            ObjectNode ofA = Events.of("QueueStatus", orgA, UUID.randomUUID());
            Events.publish(amqp.client(), ofB);
            Events.publish(amqp.client(), ofA);

            await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.requests().isEmpty());
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> receiver.requests().size() == 1);
            assertThat(json(receiver.requests().get(0).body()).get("Id").asText()).isEqualTo(ofA.get("Id").asText());
        }
    }

    @Test
    void filtersByEntityAndQueue() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            UUID wanted = UUID.randomUUID();
            Api.create(org, webhook(receiver.url() + "/q", "\"filter\": {\"queueIds\": [\"" + wanted + "\"]}"));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            ObjectNode match = Events.of("QueueStatus", org, wanted);
            Events.publish(amqp.client(), match);

            await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.requests().isEmpty());
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> receiver.requests().size() == 1);
            assertThat(json(receiver.requests().get(0).body()).get("Id").asText()).isEqualTo(match.get("Id").asText());
        }
    }

    @Test
    void getRendersThePlaceholdersOfTheUrl() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Api.create(org, """
                    {"name": "focalscope", "method": "GET", "events": ["UserCallAvailableForMonitoring"],
                     "url": "%s/endpoint?Event={{EventType}}&CallGuid={{CallId}}&CallerID={{CallerNumber}}&QueueName={{QueueName}}&Queue={{QueueId}}&RecordingURL={{LegId_asURIComponent}}&Rec64={{LegId_asBase64}}&at={{dateISO}}&ymd={{dateYMDms}}&ms={{epochMillis}}",
                     "payload": {"mode": "VARIABLES", "variables": [{"source": "TargetUserName", "name": "agent"}]}}
                    """.formatted(receiver.url()));
            ObjectNode event = Events.of("UserCallAvailableForMonitoring", org, UUID.randomUUID());
            UUID callId = UUID.randomUUID();
            event.put("CallId", callId.toString());
            event.put("CallerNumber", "dev2Incoming");
            event.put("QueueName", "Simple queue");
            event.putNull("QueueId");
            event.put("LegId", "https://localhost:8080/_cros_/master/?uid=form_faster_downloadcall&target=self&nId=103870");
            event.put("TargetUserName", "Kasper Root");
            event.put("Timestamp", "2020-07-23T09:20:55.313Z");
            Events.publish(amqp.client(), event);

            await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.requests().isEmpty());
            Receiver.Request request = receiver.requests().get(0);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.uri()).isEqualTo("/endpoint?Event=UserCallAvailableForMonitoring&CallGuid=" + callId
                    + "&CallerID=dev2Incoming&QueueName=Simple%20queue&Queue="
                    + "&RecordingURL=https%3A%2F%2Flocalhost%3A8080%2F_cros_%2Fmaster%2F%3Fuid%3Dform_faster_downloadcall%26target%3Dself%26nId%3D103870"
                    + "&Rec64=aHR0cHM6Ly9sb2NhbGhvc3Q6ODA4MC9fY3Jvc18vbWFzdGVyLz91aWQ9Zm9ybV9mYXN0ZXJfZG93bmxvYWRjYWxsJnRhcmdldD1zZWxmJm5JZD0xMDM4NzA%3D"
                    + "&at=2020-07-23T09:20:55.313Z&ymd=20200723092055&ms=1595496055313&agent=Kasper%20Root");
        }
    }

    @Test
    void variablesModePostsTheChosenFieldsUnderTheirNames() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Api.create(org, webhook(receiver.url() + "/vars", "\"payload\": {\"mode\": \"VARIABLES\", \"variables\": ["
                    + "{\"source\": \"QueueName\", \"name\": \"queue\"}, {\"source\": \"NbrOfQueuingRequesters\", \"name\": \"waiting\"},"
                    + " {\"source\": \"dateYMDms\", \"name\": \"when\"}]}"));
            ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
            event.put("QueueName", "Sales");
            event.put("NbrOfQueuingRequesters", 7);
            event.put("Timestamp", "2024-03-01T10:11:12Z");
            Events.publish(amqp.client(), event);

            await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.requests().isEmpty());
            JsonNode body = json(receiver.requests().get(0).body());
            assertThat(body.get("queue").asText()).isEqualTo("Sales");
            assertThat(body.get("waiting").asInt()).isEqualTo(7);
            assertThat(body.get("when").asText()).isEqualTo("20240301101112");
            assertThat(body.size()).isEqualTo(3);
        }
    }

    @Test
    void requestsGoThroughTheConfiguredProxy() {
        try (Receiver proxy = new Receiver()) {
            UUID org = UUID.randomUUID();
            // the target itself is not reachable from here: only the proxy is
            Api.create(org, webhook("http://203.0.113.10/behind-proxy", "\"proxy\": {\"type\": \"HTTP\", \"host\": \"127.0.0.1\","
                    + " \"port\": " + proxy.url().substring(proxy.url().lastIndexOf(':') + 1) + "}"));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> !proxy.requests().isEmpty());
            assertThat(proxy.requests().get(0).uri()).isEqualTo("http://203.0.113.10/behind-proxy");
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        try (Receiver receiver = new Receiver().byDefault(request -> request.path().equals("/moved")
                ? new Answer(301, Map.of("Location", "/elsewhere"), "") : Answer.of(200))) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, webhook(receiver.url() + "/moved", null));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> !deliveries(org, id).isEmpty()
                    && "DEAD".equals(deliveries(org, id).get(0).get("status")));
            assertThat(deliveries(org, id).get(0).get("lastHttpStatus")).isEqualTo(301);
            assertThat(receiver.requests("/elsewhere")).isEmpty();
        }
    }

    @Test
    void bearerTokenIsSent() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Api.create(org, webhook(receiver.url() + "/b", "\"auth\": {\"type\": \"BEARER\", \"token\": \"static-token\"}"));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.requests().isEmpty());
            assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Bearer static-token");
        }
    }

    @Test
    void rotationSignsWithTheOldAndTheNewSecret() throws Exception {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Map<String, Object> created = Api.as(org).body(webhook(receiver.url() + "/rot", null))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().as(Map.class);
            String oldSecret = (String) created.get("signingSecret");
            String newSecret = Api.as(org).post("/api/v1/webhooks/" + created.get("id") + "/rotate-secret").then()
                    .statusCode(200).extract().path("signingSecret");
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.requests().isEmpty());
            Receiver.Request request = receiver.requests().get(0);
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
            verifySignature(oldSecret, request);
            verifySignature(newSecret, request);
        }
    }

    @Test
    void deadMessagesCanBeResentAndRecovered() {
        try (Receiver receiver = new Receiver().byDefault(500)) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, webhook(receiver.url() + "/dead", null).replace("\"maxAttempts\": 5", "\"maxAttempts\": 2"));
            Instant start = Instant.now().minusSeconds(1);
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(org, id).size() == 2
                    && deliveries(org, id).stream().allMatch(d -> "DEAD".equals(d.get("status"))));
            assertThat(receiver.requests()).hasSize(4);

            receiver.byDefault(200);
            String first = (String) deliveries(org, id).get(0).get("id");
            UUID other = UUID.randomUUID();
            Api.as(other).get("/api/v1/deliveries/" + first).then().statusCode(404);
            Api.as(other).post("/api/v1/deliveries/" + first + "/resend").then().statusCode(404);
            Api.as(other).post("/api/v1/webhooks/" + id + "/recover?since=" + start).then().statusCode(404);
            String messageId = (String) deliveries(org, id).get(0).get("messageId");
            Api.as(org).post("/api/v1/deliveries/" + first + "/resend").then().statusCode(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(
                    Api.as(org).get("/api/v1/deliveries/" + first).then().extract().path("status")));
            assertThat(receiver.requests().get(4).header("webhook-id")).isEqualTo(messageId);

            Api.as(org).post("/api/v1/webhooks/" + id + "/recover?since=" + start).then().statusCode(200)
                    .body("resent", equalTo(1));
            await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(org, id).stream()
                    .allMatch(d -> "DELIVERED".equals(d.get("status"))));
            Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?status=DELIVERED&event=QueueStatus").then()
                    .body("items.size()", equalTo(2)).body("total", equalTo(2));
            Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?status=DEAD").then().body("items.size()", equalTo(0))
                    .body("total", equalTo(0));
            // the one page shape: a page of one, and a page past the end, still count all that match
            Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?size=1").then()
                    .body("items.size()", equalTo(1)).body("total", equalTo(2)).body("page", equalTo(0)).body("size", equalTo(1));
            Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?page=5&size=1").then()
                    .body("items.size()", equalTo(0)).body("total", equalTo(2));
        }
    }

    @Test
    void testSendsTheCatalogExampleAndReturnsTheAttempt() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, webhook(receiver.url() + "/try", null));
            Api.as(org).body("{\"event\": \"QueueStatus\"}").post("/api/v1/webhooks/" + id + "/test").then()
                    .statusCode(200).body("httpStatus", equalTo(200)).body("outcome", equalTo("DELIVERED"));
            assertThat(json(receiver.requests().get(0).body()).get("EventType").asText()).isEqualTo("QueueStatus");
            assertThat(json(receiver.requests().get(0).body()).get("RootEntityId").asText()).isEqualTo(org.toString());
            Api.as(org).body("{\"event\": \"UserStatus\"}").post("/api/v1/webhooks/" + id + "/test").then()
                    .statusCode(400).body("errors[0].field", equalTo("event"));
        }
    }

    @Test
    void orderedEndpointsDeliverAnEntitysMessagesInOrder() {
        try (Receiver receiver = new Receiver().thenAnswer(Answer.of(503), Answer.of(503))) {
            UUID org = UUID.randomUUID();
            Api.create(org, webhook(receiver.url() + "/ordered", "\"ordered\": true"));
            UUID queue = UUID.randomUUID();
            ObjectNode first = Events.of("QueueStatus", org, queue);
            ObjectNode second = Events.of("QueueStatus", org, queue);
            ObjectNode third = Events.of("QueueStatus", org, queue);
            Events.publish(amqp.client(), first);
            Events.publish(amqp.client(), second);
            Events.publish(amqp.client(), third);

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() == 5);
            List<String> ids = receiver.requests().stream().map(r -> json(r.body()).get("Id").asText()).toList();
            assertThat(ids).containsExactly(first.get("Id").asText(), first.get("Id").asText(), first.get("Id").asText(),
                    second.get("Id").asText(), third.get("Id").asText());
        }
    }
}
