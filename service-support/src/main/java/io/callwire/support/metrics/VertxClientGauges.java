package io.callwire.support.metrics;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.quarkus.arc.Unremovable;

/**
 * Leaves out the Vert.x client gauges that Quarkus's Micrometer binder registers once per client
 * instance although their name and tags are the same for all of them.
 *
 * <p>Vert.x asks for new client metrics for every PostgreSQL connection it opens and for every
 * network client an AMQP connection creates (the connector makes more than one per channel, and a
 * new one on every reconnect). Quarkus's binder builds the same gauges each time:
 * {@code <prefix>.queue.size} and {@code <prefix>.current} (tags {@code clientName},
 * {@code clientType=sql}) and {@code <prefix>.active.connections} (tag {@code clientName}).
 * Micrometer keeps the first registration and refuses the others with a WARN ("This Gauge has been
 * already registered"), so each gauge went on reading the first instance: one connection of a pool
 * of twenty, or a closed AMQP client after a reconnect. Quarkus's own pool does the same
 * (quarkusio/quarkus#47504); our {@code DatabasePoolCreator} is not the cause. Denied here, they
 * are never registered, no WARN is logged, and nobody reads a wrong figure. The clients' timers and
 * counters (e.g. {@code postgresql.queue.delay}, {@code postgresql.processing},
 * {@code postgresql.completed}) are shared by every instance and stay.
 */
@Singleton
@Unremovable
public class VertxClientGauges implements MeterFilter {

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return isPerInstanceGauge(id) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    static boolean isPerInstanceGauge(Meter.Id id) {
        if (id.getType() != Meter.Type.GAUGE || id.getTag("clientName") == null) {
            return false;
        }
        String name = id.getName();
        return name.endsWith(".active.connections")
                || "sql".equals(id.getTag("clientType")) && (name.endsWith(".queue.size") || name.endsWith(".current"));
    }
}
