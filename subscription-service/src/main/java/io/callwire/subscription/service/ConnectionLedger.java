package io.callwire.subscription.service;

import io.smallrye.mutiny.Uni;

/**
 * Where the {@link RoutingService} records the connections of this replica for the whole
 * deployment: the per-user limit across replicas and the sessions view. Only connection setup,
 * subscription changes and closes reach it; event delivery never does.
 * <p>
 * The one implementation is {@link SessionDirectory} (PostgreSQL); {@link #NONE} keeps unit tests
 * of the routing to this replica.
 */
public interface ConnectionLedger {

    /**
     * Takes a place for the admission if its subject has fewer than {@code limit} live connections
     * and reservations on all replicas; atomic across replicas. Fails when the ledger is unreachable.
     */
    Uni<Boolean> reserve(Admission admission, int limit);

    /** The admitted connection will not open: its place is free again. Asynchronous. */
    void release(Admission admission);

    /** The admitted connection opened: the reservation becomes a session. Asynchronous. */
    void opened(SubscriberConnection connection, Admission admission);

    /** The connection's subscriptions changed: the sessions view follows. Asynchronous. */
    void subscriptionsChanged(SubscriberConnection connection);

    /** The connection closed: its session and its place are gone. Asynchronous. */
    void closed(SubscriberConnection connection);

    /** A ledger that records nothing (every reservation granted): the replica's own limit only. */
    ConnectionLedger NONE = new ConnectionLedger() {
        @Override
        public Uni<Boolean> reserve(Admission admission, int limit) {
            return Uni.createFrom().item(true);
        }

        @Override
        public void release(Admission admission) {
        }

        @Override
        public void opened(SubscriberConnection connection, Admission admission) {
        }

        @Override
        public void subscriptionsChanged(SubscriberConnection connection) {
        }

        @Override
        public void closed(SubscriberConnection connection) {
        }
    };
}
