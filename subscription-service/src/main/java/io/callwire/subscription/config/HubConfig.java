package io.callwire.subscription.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the hub's sessions at {@code /rte} beyond the reference document: stateful
 * reconnect, snapshots on subscribe, and the drain on shutdown.
 */
@ConfigMapping(prefix = "callwire.rte.hub")
public interface HubConfig {

    /**
     * Bytes of messages a stateful-reconnect client has not acknowledged that are kept for replay
     * (per connection); past it the client is a slow consumer. The Microsoft clients acknowledge
     * about once a second.
     */
    @WithDefault("1048576")
    long statefulReconnectBufferBytes();

    /**
     * How long a stateful-reconnect connection whose socket dropped is kept (subscribed, buffering)
     * waiting for the client to reconnect; afterwards it ends and a reconnect gets 404.
     */
    @WithDefault("PT30S")
    Duration statefulReconnectWindow();

    /**
     * Most state events (QueueStatus, UserStatus, UserAvailability) kept for the snapshot sent after
     * Subscribe, one per entity; the least recently updated go first. 0 turns snapshots off.
     */
    @WithDefault("100000")
    int snapshotMaxEntries();

    /**
     * On shutdown, how long to wait for the clients (told to reconnect elsewhere) to go before the
     * server stops; keep it under the pod's termination grace period.
     */
    @WithDefault("PT10S")
    Duration shutdownDrainTimeout();
}
