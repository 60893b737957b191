package io.callwire.subscription.service;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Micrometer meters of the real-time API (Prometheus names {@code callwire_rte_*}). */
@Singleton
public class RteMetrics {

    final Counter eventsReceived;
    final Counter delivered;
    final Counter expired;
    final Counter dropped;
    final Counter slowConsumers;
    final Counter snapshots;
    final Counter resumed;

    public RteMetrics(MeterRegistry registry, SubscriberRegistry connections, RoutingIndex index) {
        registry.gauge("callwire.rte.connections", connections, SubscriberRegistry::size);
        registry.gauge("callwire.rte.subscriptions", index, RoutingIndex::size);
        this.eventsReceived = Counter.builder("callwire.rte.events.received")
                .description("Events consumed from callwire.events").register(registry);
        this.delivered = Counter.builder("callwire.rte.events.delivered")
                .description("MessageReceived records written to clients").register(registry);
        this.expired = Counter.builder("callwire.rte.events.expired")
                .description("Events not delivered because Timestamp + MessageTTLSeconds had passed").register(registry);
        this.dropped = Counter.builder("callwire.rte.events.dropped")
                .description("Events or deliveries dropped: invalid events, closing or slow clients").register(registry);
        this.slowConsumers = Counter.builder("callwire.rte.slow.consumers")
                .description("Connections closed because their outbound buffer passed the limit").register(registry);
        this.snapshots = Counter.builder("callwire.rte.snapshots.sent")
                .description("Latest state events sent right after a Subscribe").register(registry);
        this.resumed = Counter.builder("callwire.rte.reconnects.resumed")
                .description("Stateful reconnects that resumed a session on this replica").register(registry);
    }

    /** Counts a connection closed as a slow consumer. */
    public void slowConsumer() {
        slowConsumers.increment();
    }

    /** Counts a stateful reconnect that resumed its session. */
    public void resumed() {
        resumed.increment();
    }

    /** Counts a delivery that was dropped. */
    public void dropped() {
        dropped.increment();
    }

    /** Events consumed so far. */
    public double eventsReceived() {
        return eventsReceived.count();
    }
}
