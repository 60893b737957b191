package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.AmqpBrokerResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a client notices of the events link ({@code EventReceiver}, Vert.x's AMQP client directly): events arrive
 * in the order published, an invalid one among them is counted and dropped, every message is settled (none left
 * unsettled at the broker), and readiness names the link.
 */
@QuarkusTest
class EventsLinkTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void eventsReachTheirSubscriberInOrderAndAnInvalidOneIsCountedDroppedAndSettled() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("events receiver"));
        UUID organization = UUID.randomUUID();
        long unsettledBefore = AmqpBrokerResource.unsettled(Addresses.EVENTS);
        UUID queue = Api.entity(organization, "Queue");
        double droppedBefore = dropped();
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            JsonNode subscribed = client.invoke("Subscribe",
                    (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            assertThat(subscribed.toString()).as("the subscription").doesNotContain("error");

            // valid JSON, but no EntityId: the contract's codec refuses it
            Events.publishRaw("{\"RootEntityType\":\"Organization\",\"RootEntityId\":\"" + organization
                    + "\",\"EventType\":\"QueueStatus\",\"EntityType\":\"Queue\"}", "QueueStatus", "Queue", organization);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Events.Event event = Events.queueStatus(organization, queue, i);
                sent.add(event.id().toString());
                Events.publish(event);
            }
            List<String> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                JsonNode message = client.nextMessage();
                assertThat(message).as("event %d of %d", i + 1, sent.size()).isNotNull();
                received.add(message.path("data").path("id").asText());
            }
            assertThat(received).as("events in the order published").isEqualTo(sent);
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped() - droppedBefore >= 1);
            // the last event is accepted right after it is written to the client: its outcome may still be on its way
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(AmqpBrokerResource.unsettled(Addresses.EVENTS) - unsettledBefore)
                    .as("messages the broker still waits to hear the outcome of").isZero());
        }
    }

    private static double dropped() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^callwire_rte_events_dropped_total(?:\\{[^}]*})? ([0-9.eE+]+)$").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }
}
