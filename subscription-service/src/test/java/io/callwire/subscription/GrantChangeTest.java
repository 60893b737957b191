package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Removing or narrowing a grant takes effect on open connections at once (through the broker). */
@QuarkusTest
class GrantChangeTest {

    @TestHTTPResource("/")
    URI base;

    private static JsonNode nextRevocation(RawHubClient client) {
        return client.next(r -> r.path("type").asInt() == 1 && "SubscriptionRevoked".equals(r.path("target").asText()));
    }

    @Test
    void removingAGrantRevokesTheSubscriptionsItAllowedAndStopsTheirEvents() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        UUID user = UUID.randomUUID();
        UUID grant = Api.grant(organization, "ROLE", Roles.SUPERVISOR, "Queue", queue, "QueueStatus");
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.SUPERVISOR).sign())) {
            JsonNode results = client.invoke("Subscribe", (Object) List.of(
                    Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"),
                    Map.of("EntityId", user.toString(), "EventName", "UserStatus"))).path("result");
            assertThat(results).allMatch(r -> r.path("subscribed").asBoolean());

            given().auth().oauth2(Api.admin(organization)).delete("/api/v1/permissions/" + grant).then().statusCode(204);

            JsonNode revoked = nextRevocation(client);
            assertThat(revoked).as("SubscriptionRevoked").isNotNull();
            JsonNode subscriptions = revoked.path("arguments").path(0);
            assertThat(subscriptions).hasSize(1);
            assertThat(subscriptions.get(0).path("entityId").asText()).isEqualTo(queue.toString());
            assertThat(subscriptions.get(0).path("eventType").asText()).isEqualTo("QueueStatus");
            JsonNode active = client.invoke("ActiveSubscriptions").path("result");
            assertThat(active).hasSize(1);
            assertThat(active.get(0).path("eventType").asText()).isEqualTo("UserStatus");

            Events.Event queueEvent = Events.queueStatus(organization, queue, 1);
            Events.publish(queueEvent);
            Events.Event userEvent = Events.userStatus(organization, user, true);
            Events.publish(userEvent);
            assertThat(client.nextMessage().path("data").path("id").asText()).isEqualTo(userEvent.id().toString());
            assertThat(client.received()).noneMatch(r -> r.contains(queueEvent.id().toString()));
        }
    }

    @Test
    void narrowingAGrantRevokesOnlyWhatItNoLongerCovers() {
        UUID organization = UUID.randomUUID();
        UUID kept = Api.entity(organization, "Queue");
        UUID dropped = Api.entity(organization, "Queue");
        UUID user = UUID.randomUUID();
        UUID grant = Api.grant(organization, "USER", user.toString(), "Queue", null);
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", kept.toString(), "EventName", "QueueStatus"),
                    Map.of("EntityId", dropped.toString(), "EventName", "QueueStatus")));
            given().auth().oauth2(Api.admin(organization)).contentType(ContentType.JSON)
                    .body(Map.of("principalType", "USER", "principal", user.toString(), "entityType", "Queue",
                            "entityId", kept.toString(), "events", List.of("QueueStatus")))
                    .put("/api/v1/permissions/" + grant).then().statusCode(200);
            JsonNode revoked = nextRevocation(client);
            assertThat(revoked).isNotNull();
            assertThat(revoked.path("arguments").path(0)).hasSize(1);
            assertThat(revoked.path("arguments").path(0).get(0).path("entityId").asText()).isEqualTo(dropped.toString());
            JsonNode active = client.invoke("ActiveSubscriptions").path("result");
            assertThat(active).hasSize(1);
            assertThat(active.get(0).path("entityId").asText()).isEqualTo(kept.toString());
        }
    }

    @Test
    void deletingAnEntityEndsTheSubscriptionsToIt() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        UUID other = Api.entity(organization, "Queue");
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"),
                    Map.of("EntityId", other.toString(), "EventName", "QueueStatus")));
            given().auth().oauth2(Api.admin(organization)).delete("/api/v1/entities/" + queue).then().statusCode(204);
            JsonNode revoked = nextRevocation(client);
            assertThat(revoked).isNotNull();
            assertThat(revoked.path("arguments").path(0)).hasSize(1);
            assertThat(revoked.path("arguments").path(0).get(0).path("entityId").asText()).isEqualTo(queue.toString());
            assertThat(client.invoke("ActiveSubscriptions").path("result")).hasSize(1);
        }
    }
}
