package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Snapshot on subscribe: a client subscribing to a state event gets the latest one at once, as an
 * ordinary MessageReceived with the event's own Id and Timestamp, unless its TTL has passed or the
 * client connected with {@code snapshot=false}.
 */
@QuarkusTest
class SnapshotTest {

    @TestHTTPResource("/")
    URI base;

    private static List<Map<String, String>> queueStatus(UUID queue) {
        return List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"));
    }

    /** Publishes the events and waits until a watcher received the last: the replica has seen them all. */
    private void seen(UUID organization, UUID queue, Events.Event... events) {
        try (RawHubClient watcher = RawHubClient.connected(base, Api.admin(organization))) {
            watcher.invoke("Subscribe", (Object) queueStatus(queue));
            for (Events.Event event : events) {
                Events.publish(event);
            }
            String last = events[events.length - 1].id().toString();
            assertThat(watcher.next(r -> r.toString().contains(last))).as("watcher saw the last event").isNotNull();
        }
    }

    @Test
    void sendsTheLatestStateRightAfterTheSubscribeCompletion() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        Events.Event older = Events.queueStatus(organization, queue, 3);
        Events.Event latest = Events.queueStatus(organization, queue, 7);
        seen(organization, queue, older, latest);

        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            JsonNode completion = client.invoke("Subscribe", (Object) queueStatus(queue));
            assertThat(completion.path("result").path(0).path("subscribed").asBoolean()).isTrue();
            JsonNode message = client.nextMessage();
            assertThat(message).as("snapshot").isNotNull();
            assertThat(message.path("data").path("id").asText()).isEqualTo(latest.id().toString());
            assertThat(Instant.parse(message.path("data").path("timestamp").asText())).as("its own Timestamp")
                    .isEqualTo(Instant.parse(latest.json().path("Timestamp").asText()));
            assertThat(message.path("data").path("nbrOfQueuingRequesters").asInt()).isEqualTo(7);
            assertThat(message.path("subscription").path("entityId").asText()).isEqualTo(queue.toString());
            // the completion came first
            List<String> records = client.received();
            int completionAt = -1;
            int snapshotAt = -1;
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).contains("\"type\":3") && completionAt < 0) {
                    completionAt = i;
                }
                if (records.get(i).contains("MessageReceived") && snapshotAt < 0) {
                    snapshotAt = i;
                }
            }
            assertThat(completionAt).isLessThan(snapshotAt);
            // exactly one: the older state is not replayed
            assertThat(client.next(r -> r.toString().contains("MessageReceived"))).isNull();
        }
    }

    @Test
    void sendsNoSnapshotPastItsTtlOrWhenTheClientTurnedThemOff() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        Events.Event fresh = Events.queueStatus(organization, queue, 1);
        seen(organization, queue, fresh);

        try (RawHubClient client = RawHubClient.open(base.resolve("/rte?snapshot=false"),
                Map.of("Authorization", "Bearer " + Api.admin(organization)))) {
            client.handshake();
            client.invoke("Subscribe", (Object) queueStatus(queue));
            assertThat(client.nextMessage()).as("no snapshot with snapshot=false").isNull();
        }

        // an event seen live that expires 1.5 s later
        UUID otherQueue = Api.entity(organization, "Queue");
        Instant happened = Instant.now().minusMillis(500);
        Events.Event shortLived = Events.event(organization, "QueueStatus", "Queue", otherQueue, happened, 2)
                .with("QueueId", otherQueue.toString()).with("OrganizationId", organization.toString())
                .with("QueueName", "Short").with("NbrOfQueuingRequesters", 1).with("MaxWaitTime", 0L);
        seen(organization, otherQueue, shortLived);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Instant.now().isAfter(happened.plusSeconds(2)));
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            client.invoke("Subscribe", (Object) queueStatus(otherQueue));
            assertThat(client.nextMessage()).as("no expired snapshot").isNull();
        }
    }
}
