package io.callwire.subscription.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Events handed to an event loop through its mailbox, on a real Vert.x event loop: every event
 * reaches the connection, in the order posted, on the connection's loop; a burst larger than one
 * task's batch does not keep the loop from its other work; an ended subscription gets nothing.
 */
class LoopMailboxTest {

    private final Vertx vertx = Vertx.vertx();
    private final UUID organization = UUID.randomUUID();
    private final Caller caller = new Caller(UUID.randomUUID().toString(), organization, "agent@callwire.test",
            Set.of(Roles.AGENT), "jti-1", Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600), Optional.empty());

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void deliversEveryEventInTheOrderPostedOnTheConnectionsLoopWithoutHoldingTheLoop() throws Exception {
        Context loop = vertx.getOrCreateContext();
        RecordingConnection connection = new RecordingConnection(caller, loop);
        ActiveSubscription subscription = subscription(connection);
        RteMetrics metrics = metrics();
        LoopMailbox mailbox = new LoopMailbox(loop, metrics);
        int events = LoopMailbox.BATCH * 4 + 7;
        AtomicInteger deliveredWhenOtherWorkRan = new AtomicInteger(-1);

        // posted from a thread that is not the loop, as the AMQP consumer's is
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < events; i++) {
                mailbox.post(List.of(subscription), new RoutedEvent(event(i), false));
                if (i == 0) {
                    // other work handed to the loop while the burst is being posted
                    loop.runOnContext(v -> deliveredWhenOtherWorkRan.set(connection.received.size()));
                }
            }
        });
        publisher.start();
        publisher.join();

        await().atMost(Duration.ofSeconds(10)).until(() -> connection.received.size() == events);
        assertThat(connection.received).extracting(e -> e.event().fields().path("NbrOfQueuingRequesters").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, events).boxed().toList());
        assertThat(connection.wrongThread.get()).as("deliveries off the connection's loop").isZero();
        assertThat(deliveredWhenOtherWorkRan.get()).as("events delivered before the loop's other task ran")
                .isBetween(0, events - 1);
        assertThat(metrics.delivered.count()).isEqualTo(events);
    }

    @Test
    void deliversNothingToASubscriptionThatEndedAfterTheEventWasRouted() {
        Context loop = vertx.getOrCreateContext();
        RecordingConnection connection = new RecordingConnection(caller, loop);
        ActiveSubscription ended = subscription(connection);
        ActiveSubscription live = subscription(connection);
        RteMetrics metrics = metrics();
        LoopMailbox mailbox = new LoopMailbox(loop, metrics);
        ended.deactivate();

        mailbox.post(List.of(ended, live), new RoutedEvent(event(1), false));

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.delivered.count() + metrics.dropped.count() == 2);
        assertThat(connection.received).hasSize(1);
        assertThat(connection.subscriptions).containsExactly(live);
        assertThat(metrics.dropped.count()).isEqualTo(1);
    }

    private RteMetrics metrics() {
        SubscriberRegistry registry = new SubscriberRegistry();
        return new RteMetrics(new SimpleMeterRegistry(), registry, new RoutingIndex());
    }

    private ActiveSubscription subscription(SubscriberConnection connection) {
        return new ActiveSubscription(new Subscription(null, false, organization, Subscription.ORGANIZATION, organization,
                "QueueStatus", "Queue", UUID.randomUUID(), false), connection);
    }

    private EventEnvelope event(int n) {
        com.fasterxml.jackson.databind.node.ObjectNode fields = EventEnvelope.newFields().put("NbrOfQueuingRequesters", n);
        return new EventEnvelope(EventEnvelope.ORGANIZATION, organization, "QueueStatus", EntityType.QUEUE, UUID.randomUUID(),
                UUID.randomUUID(), Instant.now(), -1, fields);
    }
}
