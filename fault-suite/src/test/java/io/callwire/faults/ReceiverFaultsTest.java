package io.callwire.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A tenant's webhook receiver is down (its port closed), then slow (answers after the attempt's
 * timeout), then back: its deliveries are retried on the webhook's schedule and all arrive; another
 * endpoint of the same organization keeps receiving at its normal latency meanwhile.
 */
class ReceiverFaultsTest {

    static final int TIMEOUT_MS = 1000;
    static final double[] SCHEDULE = {0, 1, 2};
    static final Duration DOWN = Duration.ofSeconds(5);
    static final Duration SLOW = Duration.ofSeconds(5);

    @Test
    void retriesFollowThePolicyNothingIsLostAndTheOtherEndpointIsUnaffected() throws Exception {
        Suite suite = Suite.get();
        suite.awaitHealthy();
        UUID organization = UUID.randomUUID();
        UUID queue = UUID.randomUUID();
        try (Receiver failing = new Receiver(); Receiver healthy = new Receiver();
             Publisher publisher = new Publisher(suite.amqpPort())) {
            String failingWebhook = suite.createWebhook(organization,
                    Suite.webhook("failing", failing.url(), TIMEOUT_MS, "[0, 1, 2]"));
            suite.createWebhook(organization, Suite.webhook("healthy", healthy.url(), TIMEOUT_MS, "[0, 1, 2]"));
            publisher.start(() -> Publisher.event("QueueStatus", organization, queue), 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> failing.eventIds().size() >= 10 && healthy.eventIds().size() >= 10);

            Instant troubleStarted = Instant.now();
            failing.down();
            await().pollDelay(DOWN).atMost(DOWN.plusSeconds(1)).until(() -> true);
            failing.up();
            failing.slow(Duration.ofMillis(TIMEOUT_MS * 2L));
            await().pollDelay(SLOW).atMost(SLOW.plusSeconds(1)).until(() -> true);
            failing.up();
            Instant troubleEnded = Instant.now();
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            publisher.stop();

            List<String> accepted = publisher.accepted();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> failing.eventIds().containsAll(accepted) && healthy.eventIds().containsAll(accepted));
            assertThat(failing.eventIds()).as("accepted events delivered to the failing endpoint in the end").containsAll(accepted);
            assertThat(healthy.eventIds()).as("accepted events delivered to the healthy endpoint").containsAll(accepted);
            assertThat(failing.inconsistentMessageIds()).as("retries under another message id").isEmpty();

            // the healthy endpoint did not wait for the failing one
            List<Long> latencies = healthy.arrivals().stream()
                    .filter(arrival -> arrival.at().isAfter(troubleStarted) && arrival.at().isBefore(troubleEnded))
                    .map(Receiver.Arrival::latencyMillis).sorted().toList();
            assertThat(latencies).as("deliveries to the healthy endpoint during the trouble").hasSizeGreaterThan(50);
            long p95 = latencies.get((int) (latencies.size() * 0.95) - 1);
            long max = latencies.get(latencies.size() - 1);
            assertThat(p95).as("p95 latency of the healthy endpoint during the trouble, ms").isLessThan(TIMEOUT_MS);
            assertThat(healthy.arrivals().size()).as("requests to the healthy endpoint: each event once").isEqualTo(healthy.eventIds().size());

            // the retries followed the webhook's schedule (delay after the n-th failure, ±10 % jitter)
            RetryCheck retries = checkRetries(suite, organization, failingWebhook);
            assertThat(retries.retried).as("deliveries retried").isPositive();
            assertThat(retries.outcomes).as("kinds of the failed attempts").contains("CONNECT_ERROR", "TIMEOUT");
            assertThat(retries.violations).as("attempts earlier than the schedule allows").isEmpty();
            Suite.note("receiver faults: %d events accepted, all delivered to both; %d deliveries retried (outcomes %s, max %d attempts), "
                    + "no retry earlier than the schedule; healthy endpoint p95 %d ms, max %d ms over %d deliveries during the trouble",
                    accepted.size(), retries.retried, retries.outcomes, retries.maxAttempts, p95, max, latencies.size());
        }
        suite.awaitHealthy();
    }

    /** What a failed attempt met: the attempt records the error text and no HTTP status for these two. */
    private static String kind(JsonObject attempt) {
        String error = attempt.getString("error", "");
        if (attempt.getInteger("httpStatus") != null) {
            return "HTTP " + attempt.getInteger("httpStatus");
        }
        return error.startsWith("timeout") ? "TIMEOUT" : error.isEmpty() ? "NONE" : "CONNECT_ERROR";
    }

    private record RetryCheck(int retried, java.util.Set<String> outcomes, int maxAttempts, List<String> violations) {
    }

    private static RetryCheck checkRetries(Suite suite, UUID organization, String webhook) {
        String token = Suite.admin(organization);
        java.util.Set<String> outcomes = new java.util.TreeSet<>();
        List<String> violations = new ArrayList<>();
        int retried = 0;
        int maxAttempts = 0;
        for (int page = 0; ; page++) {
            HttpResponse<String> list = Suite.get(suite.notifier.url() + "/api/v1/webhooks/" + webhook
                    + "/deliveries?size=100&page=" + page, token);
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            JsonArray items = new JsonObject(list.body()).getJsonArray("items");
            if (items.isEmpty()) {
                break;
            }
            for (int i = 0; i < items.size(); i++) {
                JsonObject delivery = items.getJsonObject(i);
                if (delivery.getInteger("attemptCount") < 2) {
                    continue;
                }
                retried++;
                HttpResponse<String> one = Suite.get(suite.notifier.url() + "/api/v1/deliveries/" + delivery.getString("id"), token);
                JsonArray attempts = new JsonObject(one.body()).getJsonArray("attempts");
                maxAttempts = Math.max(maxAttempts, attempts.size());
                for (int n = 1; n < attempts.size(); n++) {
                    JsonObject previous = attempts.getJsonObject(n - 1);
                    outcomes.add(kind(previous));
                    Instant failedAt = Instant.parse(previous.getString("at"));
                    Instant next = Instant.parse(attempts.getJsonObject(n).getString("at"));
                    double delay = SCHEDULE[Math.min(n, SCHEDULE.length - 1)];
                    long earliest = (long) (delay * 900); // -10 % jitter
                    if (Duration.between(failedAt, next).toMillis() < earliest) {
                        violations.add(delivery.getString("id") + " attempt " + (n + 1) + " after "
                                + Duration.between(failedAt, next).toMillis() + " ms (schedule " + delay + " s)");
                    }
                }
            }
        }
        return new RetryCheck(retried, outcomes, maxAttempts, violations);
    }
}
