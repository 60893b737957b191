package io.callwire.subscription.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Subscription;
import io.vertx.core.Context;

/**
 * One live connection of a real-time face (SignalR at {@code /rte}, Socket.IO at {@code /socket.io/})
 * as the {@link RoutingService} sees it: who is connected, on which event loop, and how to hand it
 * an event, a lost subscription or a close. The face owns the framing; routing, permission
 * re-evaluation, revocation and the per-user limit are the same for every face.
 * <p>
 * Threading contract: {@link #deliver}, {@link #revoked} and {@link #prepare} are called on
 * {@link #context()}; {@link #close} may be called from any thread. The accessors must be cheap and
 * thread-safe.
 */
public interface SubscriberConnection {

    /** Stable id of the connection (SignalR connection id; a face without one makes a random UUID). */
    UUID connectionId();

    /** Who is connected (from the verified token). */
    Caller caller();

    /** The client address, as the sessions view shows it. */
    String remoteAddress();

    /** When the connection was opened. */
    Instant connectedAt();

    /**
     * The event loop context (the base context, not a duplicate) on which the connection's state
     * changes and its writes happen; deliveries are grouped per context.
     */
    Context context();

    /** The connection's active subscriptions (a copy), for the sessions view. */
    List<Subscription> subscriptions();

    /**
     * Face-specific bytes kept with a subscription from its first delivery on, such as the
     * pre-encoded part of every record it receives; handed back as {@link ActiveSubscription#prepared()}.
     * Called on {@link #context()}, at most once per subscription.
     * Null when the face needs nothing.
     */
    default Object prepare(Subscription subscription) {
        return null;
    }

    /**
     * Writes one event for one of this connection's subscriptions. Called on {@link #context()},
     * only while {@code subscription} is active, so nothing is written after the subscription ended.
     *
     * @return whether it was written (false: the connection is closing or dropped it)
     */
    boolean deliver(ActiveSubscription subscription, RoutedEvent event);

    /**
     * {@link #deliver} as one of a batch: the face may hold the write back until {@link #flush},
     * which the caller calls on {@link #context()} once its batch is done (one socket flush, one
     * system call, for all the batch's records to this connection rather than one per record).
     */
    default boolean deliverBatched(ActiveSubscription subscription, RoutedEvent event) {
        return deliver(subscription, event);
    }

    /** Sends what {@link #deliverBatched} held back. Called on {@link #context()}; cheap when there is nothing. */
    default void flush() {
    }

    /**
     * Tells the client that it lost these subscriptions (grant removed or narrowed, entity deleted).
     * Called on {@link #context()} after they were removed from the routing.
     */
    void revoked(List<Subscription> lost);

    /** Closes the connection, telling the client why in the face's own words. Any thread. */
    void close(CloseCause cause);

    /** Why the routing side closes a connection. */
    enum CloseCause {
        /** Its token, or every older token of its subject, was revoked: no reconnect with it. */
        TOKEN_REVOKED,
        /** The replica is shutting down: reconnect (another replica will take it). */
        SHUTTING_DOWN
    }
}
