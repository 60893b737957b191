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
    private final Object prepared;
    private volatile boolean active = true;

    ActiveSubscription(Subscription subscription, SubscriberConnection connection) {
        this.subscription = subscription;
        this.connection = connection;
        this.route = Route.of(subscription);
        this.prepared = connection.prepare(subscription);
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

    /** What {@link SubscriberConnection#prepare} made for it (the face's pre-encoded bytes). */
    public Object prepared() {
        return prepared;
    }

    /** Whether it still receives events. */
    public boolean isActive() {
        return active;
    }

    void deactivate() {
        active = false;
    }
}
