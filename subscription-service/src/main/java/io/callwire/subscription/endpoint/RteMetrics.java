package io.callwire.subscription.endpoint;

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

    public RteMetrics(MeterRegistry registry, ConnectionRegistry connections, RoutingIndex index) {
        registry.gauge("callwire.rte.connections", connections, ConnectionRegistry::size);
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
