package io.callwire.subscription.listener;

/** Names of the messaging channels (configured in application.properties) and of the events link, shared with tests. */
public final class Channels {

    /**
     * {@code callwire.events}: a non-durable subscription of this replica (capability topic); not a channel but the
     * link {@link EventReceiver} attaches, under this name (its metric and log lines say so).
     */
    public static final String EVENTS = "events";
    /** {@code callwire.auth.revocations}: a subscription of this replica. */
    public static final String REVOCATIONS = "revocations";
    /** {@code callwire.permissions.changed}: a subscription of this replica. */
    public static final String PERMISSION_CHANGES = "permission-changes";
    /** {@code callwire.permissions.changed}: where this replica publishes grant changes. */
    public static final String PERMISSION_CHANGES_OUT = "permission-changes-out";

    private Channels() {
    }
}
