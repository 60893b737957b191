package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Subscribe/Unsubscribe validation in the reference document's order and words, item by item. */
@QuarkusTest
class SubscriptionValidationTest {

    @TestHTTPResource("/")
    URI base;

    private static Map<String, Object> item(String entityId, String eventName) {
        Map<String, Object> item = new HashMap<>();
        item.put("EntityId", entityId);
        item.put("EventName", eventName);
        return item;
    }

    @Test
    void answersEachItemWithTheDocumentsMessagesWithoutFailingTheGoodOnes() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        UUID otherOrganizationsQueue = Api.entity(UUID.randomUUID(), "Queue");
        UUID user = UUID.randomUUID();
        Api.grant(organization, "USER", user.toString(), "Queue", queue, "QueueStatus");
        String token = TestTokens.user(organization, user, Roles.AGENT).sign();
        try (RawHubClient client = RawHubClient.connected(base, token)) {
            JsonNode results = client.invoke("Subscribe", (Object) List.of(
                    item("not-a-guid", "QueueStatus"),
                    item(queue.toString(), "NoSuchEvent"),
                    item(queue.toString(), "UserStatus"),              // a User event on a Queue
                    item(otherOrganizationsQueue.toString(), "QueueStatus"),
                    item(UUID.randomUUID().toString(), "QueueStatus"), // unknown entity
                    item(user.toString(), "UserStatus"),               // own user: always allowed
                    item(queue.toString(), "QueueStatus"),             // granted
                    item("1-1-1-1-1", "QueueStatus"))).path("result");
            assertThat(results).hasSize(8);
            assertThat(messages(results)).containsExactly("Invalid EntityId", "Invalid event name", "Invalid event name",
                    "Unauthorized", "Unauthorized", null, null, "Invalid EntityId");
            assertThat(results.get(6).path("subscribed").asBoolean()).isTrue();
            assertThat(results.get(6).path("entityId").asText()).isEqualTo(queue.toString());
            assertThat(results.get(6).path("eventName").asText()).isEqualTo("queuestatus");
            assertThat(results.get(3).path("subscribed").asBoolean()).isFalse();
            assertThat(results.get(1).path("eventName").asText()).isEqualTo("nosuchevent");

            JsonNode active = client.invoke("ActiveSubscriptions").path("result");
            assertThat(active).hasSize(2);
            JsonNode queueSubscription = find(active, "QueueStatus");
            assertThat(queueSubscription.path("id").asText()).hasSize(36);
            assertThat(queueSubscription.path("allRootEntities").asBoolean()).isFalse();
            assertThat(queueSubscription.path("rootEntityId").asText()).isEqualTo(organization.toString());
            assertThat(queueSubscription.path("rootEntityType").asText()).isEqualTo("Organization");
            assertThat(queueSubscription.path("organizationId").asText()).isEqualTo(organization.toString());
            assertThat(queueSubscription.path("entityType").asText()).isEqualTo("Queue");
            assertThat(queueSubscription.path("entityId").asText()).isEqualTo(queue.toString());
            assertThat(queueSubscription.path("allEntities").asBoolean()).isFalse();
        }
    }

    @Test
    void matchesPropertyNamesAndEventNamesCaseInsensitively() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            JsonNode results = client.invoke("subscribe", (Object) List.of(
                    Map.of("entityid", user.toString(), "EVENTNAME", "USERSTATUS"),
                    Map.of("entityId", user.toString(), "eventName", "userAvailability"))).path("result");
            assertThat(results.get(0).path("subscribed").asBoolean()).isTrue();
            assertThat(results.get(0).path("eventName").asText()).isEqualTo("userstatus");
            assertThat(results.get(1).path("subscribed").asBoolean()).isTrue();
            JsonNode active = client.invoke("ActiveSubscriptions").path("result");
            assertThat(find(active, "UserStatus")).isNotNull();
            assertThat(find(active, "UserAvailability")).isNotNull();
        }
    }

    @Test
    void subscribesToAllEntitiesOfATypeWhenEntityIdIsOmittedAndAGrantAllowsIt() {
        UUID organization = UUID.randomUUID();
        String supervisor = TestTokens.user(organization, UUID.randomUUID(), Roles.SUPERVISOR).sign();
        try (RawHubClient client = RawHubClient.connected(base, supervisor)) {
            JsonNode before = client.invoke("Subscribe", (Object) List.of(item(null, "QueueStatus"))).path("result").get(0);
            assertThat(before.path("message").asText()).isEqualTo("Unauthorized");
            assertThat(before.path("entityId").isNull()).isTrue();
        }
        Api.grant(organization, "ROLE", Roles.SUPERVISOR, "Queue", null);
        try (RawHubClient client = RawHubClient.connected(base, supervisor)) {
            JsonNode after = client.invoke("Subscribe", (Object) List.of(Map.of("EventName", "QueueStatus"))).path("result").get(0);
            assertThat(after.path("subscribed").asBoolean()).isTrue();
            JsonNode subscription = client.invoke("ActiveSubscriptions").path("result").get(0);
            assertThat(subscription.path("allEntities").asBoolean()).isTrue();
            assertThat(subscription.path("entityId").isNull()).isTrue();
            assertThat(subscription.path("organizationId").asText()).isEqualTo(organization.toString());
            // the grant covers Queue events only
            JsonNode callList = client.invoke("Subscribe", (Object) List.of(Map.of("EventName", "CallbackChanged"))).path("result").get(0);
            assertThat(callList.path("message").asText()).isEqualTo("Unauthorized");
        }
    }

    @Test
    void letsPlatformAdministratorsSubscribeToEveryOrganization() {
        String root = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.PLATFORM_ADMIN).sign();
        UUID queue = Api.entity(UUID.randomUUID(), "Queue");
        try (RawHubClient client = RawHubClient.connected(base, root)) {
            JsonNode results = client.invoke("Subscribe", (Object) List.of(Map.of("EventName", "QueueStatus"),
                    Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"))).path("result");
            assertThat(results.get(0).path("subscribed").asBoolean()).isTrue();
            assertThat(results.get(1).path("subscribed").asBoolean()).isTrue();
            JsonNode active = client.invoke("ActiveSubscriptions").path("result");
            assertThat(active).anyMatch(s -> s.path("allRootEntities").asBoolean() && s.path("allEntities").asBoolean());
        }
    }

    @Test
    void unsubscribesItemByItemWithTheSameValidation() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            client.invoke("Subscribe", (Object) List.of(item(user.toString(), "UserStatus"), item(user.toString(), "UserAvailability")));
            JsonNode results = client.invoke("Unsubscribe", (Object) List.of(item(user.toString(), "userstatus"),
                    item("nope", "UserStatus"), item(user.toString(), "Nope"))).path("result");
            assertThat(messages(results)).containsExactly(null, "Invalid EntityId", "Invalid event name");
            assertThat(results.get(0).path("subscribed").asBoolean()).isFalse();
            JsonNode active = client.invoke("ActiveSubscriptions").path("result");
            assertThat(active).hasSize(1);
            assertThat(active.get(0).path("eventType").asText()).isEqualTo("UserAvailability");
            assertThat(client.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
            assertThat(client.invoke("ActiveSubscriptions").path("result")).isEmpty();
        }
    }

    @Test
    void refusesSubscriptionsBeyondThePerConnectionLimit() {
        UUID organization = UUID.randomUUID();
        String admin = TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        UUID queue = Api.entity(organization, "Queue");
        try (RawHubClient client = RawHubClient.connected(base, admin)) {
            java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
            io.callwire.contract.event.EventCatalog.standard().eventNames().forEach(name -> items.add(item(null, name)));
            items.addAll(List.of(item(queue.toString(), "QueueStatus"), item(null, "QueueStatus")));
            // 36 all-entities events + 1 queue (the repeated QueueStatus is the same subscription): under 50
            JsonNode results = client.invoke("Subscribe", (Object) items).path("result");
            assertThat(results).allMatch(r -> r.path("subscribed").asBoolean());
            java.util.List<Map<String, Object>> more = new java.util.ArrayList<>();
            for (int i = 0; i < 14; i++) {
                more.add(item(Api.entity(organization, "Queue").toString(), "QueueStatus"));
            }
            JsonNode limited = client.invoke("Subscribe", (Object) more).path("result");
            assertThat(limited.get(12).path("subscribed").asBoolean()).isTrue();
            assertThat(limited.get(13).path("message").asText()).isEqualTo("Subscription limit of 50 per connection reached");
        }
    }

    private static List<String> messages(JsonNode results) {
        List<String> messages = new java.util.ArrayList<>();
        results.forEach(r -> messages.add(r.path("message").isNull() ? null : r.path("message").asText()));
        return messages;
    }

    private static JsonNode find(JsonNode subscriptions, String eventType) {
        for (JsonNode subscription : subscriptions) {
            if (subscription.path("eventType").asText().equals(eventType)) {
                return subscription;
            }
        }
        return null;
    }
}
