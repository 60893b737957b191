package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.ResourceMethods;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Tenancy across every REST endpoint of notifier-service: two organizations with look-alike webhooks
 * (same name, same receiver path, same events and entity ids), and every endpoint tried by one with
 * the other's ids. Nothing crosses: a foreign id is a 404 problem, lists hold only the caller's own,
 * and a foreign test-send or resend reaches no receiver. The matrix is checked against the resource
 * methods compiled in this module, so an endpoint added without a tenancy case fails this test.
 */
@QuarkusTest
class TenancyMatrixTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    /** One organization's look-alike set. */
    private record Tenant(UUID org, Receiver receiver, String webhook, String delivery) {
    }

    private static String webhook(Receiver receiver, UUID entity) {
        return """
                {"name": "CRM", "url": "%s/crm", "method": "POST", "events": ["QueueStatus"],
                 "filter": {"entityIds": ["%s"]}, "retry": {"maxAttempts": 1}}
                """.formatted(receiver.url(), entity);
    }

    private static Tenant tenant(UUID entity) {
        UUID org = UUID.randomUUID();
        Receiver receiver = new Receiver();
        String webhook = Api.create(org, webhook(receiver, entity));
        ObjectNode event = Events.of("QueueStatus", org, entity);
        Events.publish(amqp.client(), event);
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(DeliveryTest.deliveries(org, webhook).get(0).get("status")));
        String delivery = (String) DeliveryTest.deliveries(org, webhook).get(0).get("id");
        return new Tenant(org, receiver, webhook, delivery);
    }

    private static void notFound(Response response, String path) {
        ProblemAssertions.assertProblem(response, 404, path);
    }

    @Test
    void noEndpointLetsOneOrganizationSeeOrTouchAnothersWebhooksOrDeliveries() {
        UUID sharedEntity = UUID.randomUUID(); // the same external id in both organizations
        Tenant a = tenant(sharedEntity);
        Tenant b = tenant(sharedEntity);
        try (Receiver ra = a.receiver(); Receiver rb = b.receiver()) {
            String hook = "/api/v1/webhooks/" + a.webhook();
            String delivery = "/api/v1/deliveries/" + a.delivery();
            Map<String, Consumer<UUID>> matrix = new LinkedHashMap<>();
            matrix.put("GET /api/v1/webhooks", as -> {
                List<String> ids = Api.as(as).get("/api/v1/webhooks").then().statusCode(200).extract().path("items.id");
                assertThat(ids).containsExactly(b.webhook());
                assertThat(Api.as(as).get("/api/v1/webhooks").then().extract().<Integer>path("total")).isEqualTo(1);
            });
            matrix.put("POST /api/v1/webhooks", as -> {
                // a create is always the caller's own: it never shows in the other organization
                String created = Api.create(as, webhook(b.receiver(), sharedEntity).replace("\"CRM\"", "\"CRM 2\""));
                assertThat(Api.as(a.org()).get("/api/v1/webhooks").then().extract().<List<String>>path("items.id"))
                        .containsExactly(a.webhook());
                Api.as(as).delete("/api/v1/webhooks/" + created).then().statusCode(204);
            });
            matrix.put("POST /api/v1/webhooks/preview", as -> {
                // stores and sends nothing; an event of the other organization is refused, the caller's own rendered
                Api.as(as).body(PreviewTest.preview(webhook(b.receiver(), sharedEntity), Events.of("QueueStatus", a.org(), sharedEntity)))
                        .post("/api/v1/webhooks/preview").then().statusCode(400).contentType("application/problem+json");
                Api.as(as).body(PreviewTest.preview(webhook(b.receiver(), sharedEntity), Events.of("QueueStatus", as, sharedEntity)))
                        .post("/api/v1/webhooks/preview").then().statusCode(200);
            });
            matrix.put("GET /api/v1/webhooks/{id}", as -> notFound(Api.as(as).get(hook), hook));
            matrix.put("PUT /api/v1/webhooks/{id}", as -> notFound(Api.as(as).body(webhook(b.receiver(), sharedEntity)).put(hook), hook));
            matrix.put("DELETE /api/v1/webhooks/{id}", as -> notFound(Api.as(as).delete(hook), hook));
            matrix.put("POST /api/v1/webhooks/{id}/rotate-secret", as -> notFound(Api.as(as).post(hook + "/rotate-secret"), hook + "/rotate-secret"));
            matrix.put("GET /api/v1/webhooks/{id}/deliveries", as -> notFound(Api.as(as).get(hook + "/deliveries"), hook + "/deliveries"));
            matrix.put("POST /api/v1/webhooks/{id}/test", as -> notFound(Api.as(as).body("{\"event\": \"QueueStatus\"}")
                    .post(hook + "/test"), hook + "/test"));
            matrix.put("POST /api/v1/webhooks/{id}/recover", as -> notFound(Api.as(as).queryParam("since", Instant.now().minusSeconds(3600).toString())
                    .post(hook + "/recover"), hook + "/recover"));
            matrix.put("GET /api/v1/deliveries/{id}", as -> notFound(Api.as(as).get(delivery), delivery));
            matrix.put("POST /api/v1/deliveries/{id}/resend", as -> notFound(Api.as(as).post(delivery + "/resend"), delivery + "/resend"));

            Set<String> endpoints = ResourceMethods.ofThisModule();
            assertThat(ResourceMethods.missing(endpoints, matrix.keySet())).as("endpoints without a tenancy case").isEmpty();
            matrix.forEach((endpoint, check) -> {
                try {
                    check.accept(b.org());
                } catch (AssertionError e) {
                    throw new AssertionError(endpoint + ": " + e.getMessage(), e);
                }
            });

            // A's webhook, its secret and its delivery are untouched, and nothing was sent for B's tries
            Api.as(a.org()).get(hook).then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("CRM"));
            Api.as(a.org()).get(delivery).then().statusCode(200).body("attempts.size()", org.hamcrest.Matchers.equalTo(1));
            assertThat(a.receiver().requests()).hasSize(1);

            // and the events: A's event for the shared entity id reaches A's receiver only
            ObjectNode event = Events.of("QueueStatus", a.org(), sharedEntity);
            Events.publish(amqp.client(), event);
            await().atMost(Duration.ofSeconds(15)).until(() -> a.receiver().requests().size() == 2);
            assertThat(b.receiver().requests()).hasSize(1);
            assertThat(b.receiver().requests()).noneMatch(r -> r.body().contains(a.org().toString()));
            System.out.printf("TenancyMatrixTest: %d notifier endpoints tried across organizations%n", matrix.size());
        }
    }
}
