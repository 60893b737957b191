package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** What subscribed clients receive from events published to the real broker, and what they never see. */
@QuarkusTest
class DeliveryTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void deliversEventsAsMessageReceivedWithTheSubscriptionAndCamelCaseData() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            Events.Event event = Events.queueStatus(organization, queue, 3);
            Events.publish(event);
            JsonNode message = client.nextMessage();
            assertThat(message).as("MessageReceived").isNotNull();
            assertThat(message.path("subscription").path("eventType").asText()).isEqualTo("QueueStatus");
            JsonNode data = message.path("data");
            assertThat(data.path("rootEntityType").asText()).isEqualTo("Organization");
            assertThat(data.path("rootEntityId").asText()).isEqualTo(organization.toString());
            assertThat(data.path("entityId").asText()).isEqualTo(queue.toString());
            assertThat(data.path("id").asText()).isEqualTo(event.id().toString());
            assertThat(data.path("messageTTLSeconds").asLong()).isEqualTo(60);
            assertThat(data.path("nbrOfQueuingRequesters").asInt()).isEqualTo(3);
            assertThat(data.has("QueueId")).isFalse();
        }
    }

    @Test
    void neverDeliversAnotherOrganizationsEvents() {
        UUID organization = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            // all entities of the type in the caller's organization, plus one queue
            client.invoke("Subscribe", (Object) List.of(Map.of("EventName", "QueueStatus")));
            // another organization's event, even one naming this organization's queue id
            Events.publish(Events.queueStatus(other, UUID.randomUUID(), 1));
            Events.publish(Events.queueStatus(other, queue, 2));
            Events.Event own = Events.queueStatus(organization, queue, 3);
            Events.publish(own);
            JsonNode first = client.nextMessage();
            assertThat(first.path("data").path("id").asText()).isEqualTo(own.id().toString());
            assertThat(first.path("subscription").path("allEntities").asBoolean()).isTrue();
            assertThat(client.received()).noneMatch(r -> r.contains(other.toString()));
        }
    }

    @Test
    void dropsEventsPastTheirTtl() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", user.toString(), "EventName", "UserStatus")));
            Events.Event stale = Events.event(organization, "UserStatus", "User", user, Instant.now().minusSeconds(120), 60)
                    .with("UserId", user.toString());
            Events.Event fresh = Events.event(organization, "UserStatus", "User", user, Instant.now().minusSeconds(120), -1)
                    .with("UserId", user.toString());
            double expiredBefore = counter("callwire_rte_events_expired_total");
            Events.publish(stale);
            Events.publish(fresh);
            JsonNode message = client.nextMessage();
            assertThat(message.path("data").path("id").asText()).isEqualTo(fresh.id().toString());
            assertThat(client.received()).noneMatch(r -> r.contains(stale.id().toString()));
            assertThat(counter("callwire_rte_events_expired_total")).isGreaterThan(expiredBefore);
        }
    }

    @Test
    void closesASlowConsumerWithoutAffectingOtherClients() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        String admin = Api.admin(organization);
        try (RawHubClient slow = RawHubClient.connected(base, admin);
             RawHubClient healthy = RawHubClient.connected(base, Api.admin(organization))) {
            List<Map<String, String>> subscription = List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"));
            slow.invoke("Subscribe", (Object) subscription);
            healthy.invoke("Subscribe", (Object) subscription);
            slow.pauseReading();
            double slowBefore = counter("callwire_rte_slow_consumers_total");
            String padding = "x".repeat(30_000);
            int published = 0;
            // keep publishing large events until the server gives up on the client that does not read
            while (counter("callwire_rte_slow_consumers_total") == slowBefore && published < 2_000) {
                Events.Event event = Events.queueStatus(organization, queue, published);
                event.with("QueueName", padding);
                Events.publish(event);
                published++;
                JsonNode received = healthy.nextMessage();
                assertThat(received).as("healthy client keeps receiving").isNotNull();
                assertThat(received.path("data").path("nbrOfQueuingRequesters").asInt()).isEqualTo(published - 1);
            }
            assertThat(counter("callwire_rte_slow_consumers_total")).isGreaterThan(slowBefore);
            slow.resumeReading();
            JsonNode close = slow.nextClose();
            assertThat(close).as("Close after the buffered events").isNotNull();
            assertThat(close.path("error").asText()).isEqualTo("Slow consumer");
            assertThat(close.path("allowReconnect").asBoolean()).isTrue();
            assertThat(slow.closed().get(10, TimeUnit.SECONDS)).isNotNull();
            // the other client is still connected and served
            assertThat(healthy.invoke("ActiveSubscriptions").path("result")).hasSize(1);
        }
    }

    static double counter(String name) {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static void awaitCondition(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(10)).until(condition);
    }
}
