package io.callwire.auth.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL transaction-scoped advisory locks: replicas starting or rotating at the same moment
 * take turns instead of creating two keys or seeding twice.
 */
final class AdvisoryLocks {

    /** Seeding and bootstrap. */
    static final long SEED = 0x63770001L;
    /** Key creation and rotation. */
    static final long KEYS = 0x63770002L;

    private AdvisoryLocks() {
    }

    /** Takes the lock for the rest of the current transaction. */
    static Uni<Void> lock(long key) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select count(*) from pg_advisory_xact_lock(" + key + ")")
                        .getSingleResult())
                .replaceWithVoid();
    }
}
