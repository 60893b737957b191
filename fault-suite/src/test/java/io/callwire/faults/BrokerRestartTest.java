package io.callwire.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The AMQP broker stops for a while and starts again on the same port with its journal, while events
 * flow: the services reconnect by themselves, every event the broker accepted reaches the webhook,
 * and a live view keeps its WebSocket connection and receives what is published after.
 *
 * <p>The second scenario makes deterministic the race that once stalled the first (RELIABILITY.md):
 * events the broker accepts after its restart but before notifier-service has attached again must
 * wait in the notifier's durable queue, even when that queue was empty when the broker stopped.
 */
class BrokerRestartTest {

    static final int EVENTS_PER_SECOND = 20;
    static final Duration OUTAGE = Duration.ofSeconds(5);

    @Test
    void servicesReconnectByThemselvesNoWebhookMessageIsLostAndLiveViewsStayOpen() throws Exception {
        Suite suite = Suite.get();
        suite.awaitHealthy();
        UUID organization = UUID.randomUUID();
        UUID queue = suite.registerQueue(organization);
        try (Receiver receiver = new Receiver(); Publisher publisher = new Publisher(suite.amqpPort());
             LiveClient live = new LiveClient(suite.subscription.url() + "/rte", Suite.rte(organization), queue).connect()) {
            suite.createWebhook(organization, Suite.webhook("broker restart", receiver.url(), 1000, "[0, 0.5, 1]"));
            String connectionId = live.connectionId();
            publisher.start(() -> Publisher.event("QueueStatus", organization, queue), EVENTS_PER_SECOND);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.eventIds().size() >= 20 && live.received().size() >= 20);

            suite.stopBroker();
            Suite.note("broker restart: broker stopped after %d accepted", publisher.accepted().size());
            await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
            assertThat(publisher.refused()).as("sends refused while the broker was down").isPositive();
            suite.startBroker();
            Suite.note("broker restart: broker started, %d accepted so far", publisher.accepted().size());
            long back = System.nanoTime();
            suite.notifier.awaitReadiness(200, Duration.ofSeconds(60));
            suite.subscription.awaitReadiness(200, Duration.ofSeconds(60));
            Suite.note("broker restart: both services ready %d ms after the broker was back", (System.nanoTime() - back) / 1_000_000);
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            publisher.stop();

            List<String> accepted = publisher.accepted();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> receiver.eventIds().containsAll(accepted));
            } catch (ConditionTimeoutException e) {
                throw undelivered(suite, accepted, receiver, e);
            }
            assertThat(receiver.eventIds()).as("accepted events delivered to the webhook").containsAll(accepted);
            assertThat(receiver.inconsistentMessageIds()).as("events delivered under two message ids").isEmpty();

            // the live view never noticed: same connection, still open, and it gets what comes next
            assertThat(live.connected()).isTrue();
            assertThat(live.closes()).isZero();
            assertThat(live.connectionId()).isEqualTo(connectionId);
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                var event = Publisher.event("QueueStatus", organization, queue);
                assertThat(publisher.publish(event)).isTrue();
                after.add(event.get("Id").asText());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> live.received().containsAll(after));
            Suite.note("broker restart: %d events accepted, %d refused while down, %d delivered to the webhook, "
                    + "live view kept connection and received %d of %d after", accepted.size(), publisher.refused(),
                    receiver.eventIds().size(), after.stream().filter(live.received()::contains).count(), after.size());
        }
        suite.awaitHealthy();
    }

    @Test
    void eventsAcceptedAfterTheRestartBeforeTheNotifierIsBackAreDelivered() throws Exception {
        Suite suite = Suite.get();
        suite.awaitHealthy();
        UUID organization = UUID.randomUUID();
        UUID queue = suite.registerQueue(organization);
        try (Receiver receiver = new Receiver(); Publisher publisher = new Publisher(suite.amqpPort())) {
            suite.createWebhook(organization, Suite.webhook("before the notifier is back", receiver.url(), 1000, "[0, 0.5, 1]"));
            List<String> before = publish(publisher, organization, queue, 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.eventIds().containsAll(before));
            // every event taken and acknowledged: the notifier's queue is empty when the broker stops
            await().atMost(Duration.ofSeconds(10)).until(() -> suite.brokerState().contains("notifier-service durable=true messages=0 "));

            // SIGSTOP: the notifier cannot attach again before the events below are accepted
            suite.notifier.suspend();
            List<String> whileAway;
            try {
                suite.stopBroker();
                suite.startBroker();
                whileAway = publish(publisher, organization, queue, 20);
                Suite.note("broker restart, notifier away: %d events accepted; broker: %s", whileAway.size(),
                        suite.brokerState().lines().filter(line -> line.startsWith("queue notifier-service")).findFirst().orElse("no notifier-service queue"));
            } finally {
                suite.notifier.resume();
            }
            suite.notifier.awaitReadiness(200, Duration.ofSeconds(60));
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> receiver.eventIds().containsAll(whileAway));
            } catch (ConditionTimeoutException e) {
                throw undelivered(suite, whileAway, receiver, e);
            }
            assertThat(receiver.inconsistentMessageIds()).as("events delivered under two message ids").isEmpty();
            Suite.note("broker restart, notifier away: %d of %d delivered after it attached again",
                    whileAway.stream().filter(receiver.eventIds()::contains).count(), whileAway.size());
        }
        suite.awaitHealthy();
    }

    /**
     * SmallRye's AMQP connector re-attaches an incoming channel at most {@code retry-on-fail-attempts}
     * times (6 by default) in the life of the process, whatever {@code reconnect-attempts} says: the
     * seventh broker restart left both services' consumers dead for good (readiness down, no event
     * taken) until the services set it without limit.
     */
    @Test
    void servicesKeepConsumingThroughSevenBrokerRestarts() throws Exception {
        Suite suite = Suite.get();
        suite.awaitHealthy();
        UUID organization = UUID.randomUUID();
        UUID queue = suite.registerQueue(organization);
        try (Receiver receiver = new Receiver(); Publisher publisher = new Publisher(suite.amqpPort());
             LiveClient live = new LiveClient(suite.subscription.url() + "/rte", Suite.rte(organization), queue).connect()) {
            suite.createWebhook(organization, Suite.webhook("seven restarts", receiver.url(), 1000, "[0, 0.5, 1]"));
            for (int restart = 1; restart <= 7; restart++) {
                suite.stopBroker();
                suite.startBroker();
                long back = System.nanoTime();
                suite.notifier.awaitReadiness(200, Duration.ofSeconds(60));
                suite.subscription.awaitReadiness(200, Duration.ofSeconds(60));
                Suite.note("broker restart %d of 7: both services ready %d ms after the broker was back", restart,
                        (System.nanoTime() - back) / 1_000_000);
            }
            List<String> after = publish(publisher, organization, queue, 10);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> receiver.eventIds().containsAll(after));
            } catch (ConditionTimeoutException e) {
                throw undelivered(suite, after, receiver, e);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> live.received().containsAll(after));
            assertThat(live.closes()).as("live view closed by a broker restart").isZero();
            Suite.note("seven broker restarts: %d of %d events after them delivered to the webhook and the live view",
                    after.size(), after.size());
        }
        suite.awaitHealthy();
    }

    /** Publishes {@code count} events (each retried until the broker accepts it) and returns their ids. */
    private static List<String> publish(Publisher publisher, UUID organization, UUID queue, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var event = Publisher.event("QueueStatus", organization, queue);
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.publish(event));
            ids.add(event.get("Id").asText());
        }
        return ids;
    }

    /** The failure of a wait for accepted events: which are missing, whether the notifier has jobs for them, the broker's queues. */
    private static AssertionError undelivered(Suite suite, List<String> accepted, Receiver receiver, Throwable cause) {
        List<String> missing = accepted.stream().filter(id -> !receiver.eventIds().contains(id)).toList();
        return new AssertionError("%d of %d accepted events not delivered to the webhook (accepted #%d to #%d); notifier's jobs of them: %s;%nbroker: %s"
                .formatted(missing.size(), accepted.size(), accepted.indexOf(missing.getFirst()),
                        accepted.indexOf(missing.getLast()), suite.notifierJobs(missing), suite.brokerState()), cause);
    }
}
