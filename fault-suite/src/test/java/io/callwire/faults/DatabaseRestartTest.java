package io.callwire.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * PostgreSQL stops and starts again on the same port with the same data directory, while events flow:
 * readiness goes false and comes back, REST answers 503 problem+json at once in between, no delivery
 * job is lost, and the services keep running (same processes).
 */
class DatabaseRestartTest {

    static final Duration OUTAGE = Duration.ofSeconds(6);

    @Test
    void readinessFollowsTheDatabaseRestFailsFastAndNoDeliveryJobIsLost() throws Exception {
        Suite suite = Suite.get();
        suite.awaitHealthy();
        UUID organization = UUID.randomUUID();
        UUID queue = suite.registerQueue(organization);
        long notifierPid = suite.notifier.pid();
        long subscriptionPid = suite.subscription.pid();
        try (Receiver receiver = new Receiver(); Publisher publisher = new Publisher(suite.amqpPort())) {
            suite.createWebhook(organization, Suite.webhook("database restart", receiver.url(), 1000, "[0, 0.5, 1]"));
            publisher.start(() -> Publisher.event("QueueStatus", organization, queue), 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.eventIds().size() >= 20);

            suite.stopDatabase();
            long stopped = System.nanoTime();
            suite.notifier.awaitReadiness(503, Duration.ofSeconds(15));
            suite.subscription.awaitReadiness(503, Duration.ofSeconds(15));
            Suite.note("database restart: both services not ready %d ms after the stop", (System.nanoTime() - stopped) / 1_000_000);

            String token = Suite.admin(organization);
            for (String url : List.of(suite.notifier.url() + "/api/v1/webhooks", suite.subscription.url() + "/api/v1/entities")) {
                long started = System.nanoTime();
                HttpResponse<String> response = Suite.get(url, token);
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
                JsonObject problem = new JsonObject(response.body());
                assertThat(problem.getString("type")).startsWith("https://callwire.dev/problems/");
                assertThat(problem.getInteger("status")).isEqualTo(503);
                assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(tookMillis).as(url + " answered fast").isLessThan(5_000);
                Suite.note("database restart: %s -> 503 %s in %d ms", url.replaceAll("http://[^/]+", ""),
                        problem.getString("type"), tookMillis);
            }
            await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);

            suite.startDatabase();
            long back = System.nanoTime();
            suite.notifier.awaitReadiness(200, Duration.ofSeconds(60));
            suite.subscription.awaitReadiness(200, Duration.ofSeconds(60));
            Suite.note("database restart: both services ready %d ms after the database was back", (System.nanoTime() - back) / 1_000_000);
            assertThat(suite.notifier.pid()).as("notifier-service not restarted").isEqualTo(notifierPid);
            assertThat(suite.subscription.pid()).as("subscription-service not restarted").isEqualTo(subscriptionPid);
            assertThat(Suite.get(suite.notifier.url() + "/api/v1/webhooks", token).statusCode()).isEqualTo(200);
            assertThat(Suite.get(suite.subscription.url() + "/api/v1/entities", token).statusCode()).isEqualTo(200);
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            publisher.stop();

            List<String> accepted = publisher.accepted();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> receiver.eventIds().containsAll(accepted));
            assertThat(receiver.eventIds()).as("accepted events delivered to the webhook").containsAll(accepted);
            Suite.note("database restart: %d events accepted during the run, %d delivered", accepted.size(), receiver.eventIds().size());
        }
        suite.awaitHealthy();
    }
}
