package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The per-endpoint circuit breaker (5 failures in a row; open 2 s at first in tests, then 4 s; an endpoint
 * failing everything for 3 s is auto-disabled in tests, at the first failed probe after that), with real
 * PostgreSQL, broker and receivers: an endpoint that keeps failing gets a few probes instead of every retry of every message,
 * its jobs wait in the database, and none is lost or left forever.
 */
@QuarkusTest
class BreakerTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    static List<Map<String, Object>> deliveries(UUID org, String webhookId) {
        return Api.as(org).get("/api/v1/webhooks/" + webhookId + "/deliveries?size=100").then().statusCode(200)
                .extract().path("items");
    }

    /** Whether the endpoint has a job waiting for its breaker (what its deliveries list shows). */
    static boolean waitingForBreaker(UUID org, String webhookId) {
        return deliveries(org, webhookId).stream().anyMatch(d -> "PENDING".equals(d.get("status"))
                && String.valueOf(d.get("lastError")).contains("circuit breaker"));
    }

    static String failingWebhook(String url) {
        // one connection: at most 8 requests in flight before the first failures are seen
        return DeliveryTest.webhook(url, "\"maxConnections\": 1");
    }

    @Test
    void aFailingEndpointGetsAFewProbesInsteadOfEveryRetryWhileAHealthyOneGetsEveryDelivery() {
        try (Receiver failing = new Receiver().byDefault(503); Receiver healthy = new Receiver()) {
            UUID badOrg = UUID.randomUUID();
            UUID goodOrg = UUID.randomUUID();
            String bad = Api.create(badOrg, failingWebhook(failing.url() + "/down"));
            Api.create(goodOrg, DeliveryTest.webhook(healthy.url() + "/up", null));
            int events = 60;
            for (int i = 0; i < events; i++) {
                Events.publish(amqp.client(), Events.of("QueueStatus", badOrg, UUID.randomUUID()));
                Events.publish(amqp.client(), Events.of("QueueStatus", goodOrg, UUID.randomUUID()));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> healthy.requests().size() >= events);
            assertThat(healthy.requests()).hasSize(events);
            // every message of the failing endpoint is stored; with 5 attempts 0.2 s apart, all 300 attempts
            // would be made within about two seconds without a breaker
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(badOrg, bad).size() == events);
            AtomicBoolean shownWaiting = new AtomicBoolean();
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!shownWaiting.get() && waitingForBreaker(badOrg, bad)) {
                            shownWaiting.set(true);
                        }
                        return failing.requests().size() <= 25;
                    });
            assertThat(shownWaiting).as("the deliveries list shows messages waiting for the breaker").isTrue();

            List<Map<String, Object>> list = deliveries(badOrg, bad);
            assertThat(list).hasSize(events);
            assertThat(list).allSatisfy(d -> assertThat(d.get("status")).isIn("PENDING", "DEAD"));
            long untouched = list.stream().filter(d -> ((Number) d.get("attemptCount")).intValue() == 0).count();
            assertThat(untouched).as("messages that waited without using an attempt").isGreaterThanOrEqualTo(events - 25);
            int attempts = list.stream().mapToInt(d -> ((Number) d.get("attemptCount")).intValue()).sum();
            assertThat(attempts).as("attempts recorded are requests the endpoint got").isPositive()
                    .isLessThanOrEqualTo(failing.requests().size());
        }
    }

    @Test
    void theFailingEndpointsMessagesAreAllDeliveredOnceItRecovers() {
        AtomicBoolean recovered = new AtomicBoolean();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        try (Receiver receiver = new Receiver().byDefault(request -> {
            if (!recovered.get()) {
                return Answer.of(503);
            }
            delivered.add(request.header("webhook-id"));
            return Answer.of(200);
        })) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, failingWebhook(receiver.url() + "/flaky")
                    .replace("\"maxAttempts\": 5", "\"maxAttempts\": 50"));
            int events = 40;
            for (int i = 0; i < events; i++) {
                Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForBreaker(org, id));
            recovered.set(true);

            // the probe (after the 2 s open time) closes the breaker; the waiting messages then flow
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() == events);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    deliveries(org, id).stream().allMatch(d -> "DELIVERED".equals(d.get("status"))));
            List<Map<String, Object>> list = deliveries(org, id);
            assertThat(list).hasSize(events);
            List<Object> messageIds = new ArrayList<>(list.stream().map(d -> d.get("messageId")).toList());
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(messageIds.stream().map(String::valueOf).toList());
        }
    }

    @Test
    void aMessageWhoseExpiryPassesWhileTheBreakerIsOpenEndsExpiredWithoutBeingSent() {
        try (Receiver failing = new Receiver().byDefault(503)) {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, failingWebhook(failing.url() + "/down"));
            for (int i = 0; i < 20; i++) {
                Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForBreaker(org, id));

            // open for 2 s: this message expires after 1 s, before the probe
            ObjectNode shortLived = Events.of("QueueStatus", org, UUID.randomUUID());
            shortLived.put("MessageTTLSeconds", 1);
            Events.publish(amqp.client(), shortLived);
            String eventId = shortLived.get("Id").asText();

            await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(org, id).stream()
                    .anyMatch(d -> eventId.equals(d.get("eventId")) && "EXPIRED".equals(d.get("status"))));
            assertThat(failing.requests()).as("requests carrying the expired message")
                    .noneMatch(request -> request.body().contains(eventId));
        }
    }
}
