package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.AmqpFuzz;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.PrometheusMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hostile messages on every address subscription-service consumes ({@code callwire.events},
 * {@code callwire.auth.revocations}, {@code callwire.permissions.changed}) through the real broker, from
 * a fixed seed (printed; {@code -Dcallwire.fuzz.seed=N} replays): {@link AmqpFuzz}'s mutated and random
 * bodies, other AMQP body types, wrong content types, missing, wrongly typed and oversized
 * application properties, a 2 MB body, 100,000-level JSON and events of another or no organization,
 * with a good event after every few of them. A subscribed SignalR client receives every good event, in
 * order, and nothing else; each bad event is dropped once (the drop counter stops growing: no
 * redelivery loop), and the service stays ready.
 */
@QuarkusTest
class AmqpFuzzTest {

    private static final long SEED = Long.getLong("callwire.fuzz.seed", 14_2026L);
    private static final int MUTATED = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private static double dropped() {
        return PrometheusMetrics.total("callwire_rte_events_dropped_total");
    }

    @Test
    void dropsEachBadMessageOnceAndKeepsDeliveringGoodEvents() {
        System.out.println("AmqpFuzzTest (subscription) seed " + SEED + " (replay with -Dcallwire.fuzz.seed=" + SEED + ")");
        Random random = new Random(SEED);
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        ObjectNode valid = Events.queueStatus(organization, queue, 1).json();
        List<AmqpFuzz.Hostile> events = AmqpFuzz.events(valid, UUID.randomUUID(), random, MUTATED);
        ObjectNode revocation = JSON.createObjectNode().put("subject", UUID.randomUUID().toString())
                .put("organizationId", UUID.randomUUID().toString()).put("tokenId", UUID.randomUUID().toString())
                .put("reason", "token-revoked").put("revokedAt", Instant.now().toString());
        ObjectNode change = JSON.createObjectNode().put("organizationId", organization.toString()).put("grantId", UUID.randomUUID().toString())
                .put("entityId", UUID.randomUUID().toString()).put("change", "DELETED").put("changedAt", Instant.now().toString());
        Map<String, List<AmqpFuzz.Hostile>> hostile = Map.of(Addresses.EVENTS, events,
                Addresses.AUTH_REVOCATIONS, AmqpFuzz.messages(revocation, random, MUTATED / 2),
                Addresses.PERMISSIONS_CHANGED, AmqpFuzz.messages(change, random, MUTATED / 2));
        double droppedBefore = dropped();

        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization));
             AmqpTestClient amqp = AmqpTestClient.connect()) {
            AmqpTestClient.Listener deadLetters = amqp.listen("DLQ");
            JsonNode subscribed = client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            assertThat(subscribed.toString()).as("the subscription").doesNotContain("error");
            List<String> good = new ArrayList<>();
            int sent = 0;
            for (Map.Entry<String, List<AmqpFuzz.Hostile>> address : hostile.entrySet()) {
                for (AmqpFuzz.Hostile message : address.getValue()) {
                    amqp.send(address.getKey(), message.message());
                    if (++sent % 5 == 0) {
                        Events.Event event = Events.queueStatus(organization, queue, sent);
                        Events.publish(event);
                        good.add(event.id().toString());
                    }
                }
            }
            Events.Event last = Events.queueStatus(organization, queue, -1);
            Events.publish(last);
            good.add(last.id().toString());

            List<String> received = new ArrayList<>();
            Map<String, String> unexpected = new java.util.LinkedHashMap<>();
            while (!received.containsAll(good)) {
                JsonNode message = client.nextMessage();
                assertThat(message).as("event %d of %d (received so far: %s, unexpected: %s)", received.size() + 1, good.size(),
                        received, unexpected).isNotNull();
                String id = message.path("data").path("id").asText();
                if (good.contains(id)) {
                    received.add(id);
                } else {
                    String data = message.path("data").toString();
                    unexpected.put(id, data.length() > 300 ? data.substring(0, 300) + "..." : data);
                }
            }
            assertThat(unexpected).as("events that are not the good ones").isEmpty();
            assertThat(received).as("every good event, in order").containsExactlyElementsOf(good);
            given().get("/q/health/ready").then().statusCode(200);

            // each bad event was dropped once: the counter stops, nothing comes back around
            double droppedAfter = dropped();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> dropped() == droppedAfter);
            assertThat(droppedAfter - droppedBefore).as("bad events dropped").isPositive().isLessThanOrEqualTo(events.size());
            System.out.printf("AmqpFuzzTest (subscription): %d hostile messages (%d on %s), %d good events all received, "
                            + "%.0f events dropped, %d dead-lettered%n", sent, events.size(), Addresses.EVENTS, good.size(),
                    droppedAfter - droppedBefore, deadLetters.pending());
        }
    }
}
