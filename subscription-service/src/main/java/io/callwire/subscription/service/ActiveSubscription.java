package io.callwire.subscription.service;

import io.callwire.subscription.Subscription;

/**
 * A subscription held by a connection, as the routing index keeps it: the subscription, its
 * connection, its route key, what the face prepared for it, and whether it is still active. A
 * subscription is deactivated on the connection's event loop when it ends (Unsubscribe, revocation,
 * close); deliveries run on the same loop and skip inactive ones, so no event is written after the
 * completion or {@code SubscriptionRevoked} that ended it.
 */
public final class ActiveSubscription {

    private final Subscription subscription;
    private final SubscriberConnection connection;
    private final Route route;
    /**
     * Made on the first delivery, not when subscribing: a subscription that never receives an event
     * (an idle connection's, often its own User entity's) keeps no pre-encoded bytes, about 450
     * bytes each for the SignalR face. Read and written on the connection's event loop only.
     */
    private Object prepared = UNPREPARED;
    private volatile boolean active = true;

    private static final Object UNPREPARED = new Object();

    ActiveSubscription(Subscription subscription, SubscriberConnection connection) {
        this.subscription = subscription;
        this.connection = connection;
        this.route = Route.of(subscription);
    }

    /** The subscription as the client sees it. */
    public Subscription subscription() {
        return subscription;
    }

    /** Its connection. */
    public SubscriberConnection connection() {
        return connection;
    }

    /** Its key in the routing index. */
    public Route route() {
        return route;
    }

    /**
     * What {@link SubscriberConnection#prepare} made for it (the face's pre-encoded bytes), made once,
     * on first use. Call on the connection's event loop (deliveries run there).
     */
    public Object prepared() {
        Object made = prepared;
        if (made == UNPREPARED) {
            made = connection.prepare(subscription);
            prepared = made;
        }
        return made;
    }

    /** Whether it still receives events. */
    public boolean isActive() {
        return active;
    }

    void deactivate() {
        active = false;
    }
}
