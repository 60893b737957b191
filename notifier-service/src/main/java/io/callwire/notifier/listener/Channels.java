package io.callwire.notifier.listener;

/** Names of the service's AMQP links (tests reuse them). */
public final class Channels {

    /** The link name of the receiver on {@code callwire.events::notifier-service}, shared by all replicas. */
    public static final String EVENTS = "events";

    private Channels() {
    }
}
