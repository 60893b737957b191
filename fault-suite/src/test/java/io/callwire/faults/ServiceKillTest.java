package io.callwire.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * notifier-service and subscription-service are killed with SIGKILL while events flow, and started
 * again: every event the broker accepted reaches every matching webhook at least once, and a live view
 * whose connection died connects again, subscribes again and receives the events published after.
 */
class ServiceKillTest {

    @Test
    void everyAcceptedEventReachesEveryMatchingWebhookAndLiveViewsComeBack() throws Exception {
        Suite suite = Suite.get();
        suite.awaitHealthy();
        UUID organization = UUID.randomUUID();
        UUID queue = suite.registerQueue(organization);
        try (Receiver crm = new Receiver(); Receiver dashboard = new Receiver();
             Publisher publisher = new Publisher(suite.amqpPort());
             LiveClient live = new LiveClient(suite.subscription.url() + "/rte", Suite.rte(organization), queue).connect()) {
            suite.createWebhook(organization, Suite.webhook("crm", crm.url(), 1000, "[0, 0.5, 1]"));
            suite.createWebhook(organization, Suite.webhook("dashboard", dashboard.url(), 1000, "[0, 0.5, 1]"));
            publisher.start(() -> Publisher.event("QueueStatus", organization, queue), 20);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    crm.eventIds().size() >= 20 && dashboard.eventIds().size() >= 20 && live.received().size() >= 20);

            suite.notifier.kill();
            suite.subscription.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> live.closes() >= 1);
            assertThat(live.connected()).as("the live view saw its connection end").isFalse();
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);

            long restarted = System.nanoTime();
            suite.notifier.startProcess();
            suite.subscription.startProcess();
            suite.notifier.awaitReady();
            suite.subscription.awaitReady();
            Suite.note("service kill: both services ready %d ms after their start", (System.nanoTime() - restarted) / 1_000_000);
            live.reconnect();
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            publisher.stop();

            List<String> accepted = publisher.accepted();
            // jobs the killed notifier had claimed come back after their lease (5 s here)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> crm.eventIds().containsAll(accepted) && dashboard.eventIds().containsAll(accepted));
            assertThat(crm.eventIds()).as("accepted events delivered to the first webhook").containsAll(accepted);
            assertThat(dashboard.eventIds()).as("accepted events delivered to the second webhook").containsAll(accepted);
            assertThat(crm.inconsistentMessageIds()).as("events delivered under two message ids").isEmpty();
            assertThat(dashboard.inconsistentMessageIds()).as("events delivered under two message ids").isEmpty();

            List<String> after = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                var event = Publisher.event("QueueStatus", organization, queue);
                assertThat(publisher.publish(event)).isTrue();
                after.add(event.get("Id").asText());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> live.received().containsAll(after));
            long duplicates = crm.arrivals().size() - crm.eventIds().size();
            Suite.note("service kill: %d events accepted, all delivered to both webhooks (%d duplicate requests to one after the kill); "
                    + "live view reconnected and received %d of %d after", accepted.size(), duplicates,
                    after.stream().filter(live.received()::contains).count(), after.size());
        }
        suite.awaitHealthy();
    }
}
