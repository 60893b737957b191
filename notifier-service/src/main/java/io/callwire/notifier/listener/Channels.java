package io.callwire.notifier.listener;

/** Reactive Messaging channel names (tests reuse them). */
public final class Channels {

    /** Incoming: {@code callwire.events::notifier-service}, shared by all replicas. */
    public static final String EVENTS = "events";

    /** Outgoing: {@code callwire.deliveries}, delivery receipts. */
    public static final String DELIVERIES = "deliveries";

    private Channels() {
    }
}
