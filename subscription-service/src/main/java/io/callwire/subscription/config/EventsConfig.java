package io.callwire.subscription.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The link events come in on: this replica's own non-durable subscription of {@code callwire.events} (events are
 * live data; a durable one would fill up at the broker while its replica is gone). The connection is the one the
 * messaging channels use: the global {@code amqp-*} attributes.
 */
@ConfigMapping(prefix = "callwire.rte.events")
public interface EventsConfig {

    /** The multicast address events are published to. */
    @WithDefault("callwire.events")
    String address();

    /** Link credit: events the broker may send ahead of routing, and the most a paused receiver holds. */
    @WithDefault("1000")
    int credit();

    /** The pause before a refused or lost connection is opened again (for as long as the service runs). */
    @WithDefault("2s")
    Duration reconnectInterval();
}
