package io.callwire.auth.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.Revocation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Revocations still relevant. */
@ApplicationScoped
public class RevocationRepository implements PanacheRepositoryBase<Revocation, Long> {

    /**
     * Every revocation that still matters at {@code now}. Read whole on every reload rather than
     * "ids above the last one seen": ids come from a sequence in the order transactions began, not
     * in the order they committed, so a revocation committed after a higher id was read would be
     * skipped for good.
     */
    public Uni<List<Revocation>> inForceAt(Instant now) {
        return list("forgetAfter > ?1", Sort.by("id"), now);
    }

    /**
     * One page of the revocations in force at {@code now} (some token they concern can still be
     * valid), revoked at or after {@code revokedSince}, with an id above {@code afterId}, by id.
     */
    public Uni<List<Revocation>> inForce(Instant revokedSince, long afterId, Instant now, int limit) {
        return find("id > ?1 and forgetAfter > ?2 and revokedAt >= ?3", Sort.by("id"), afterId, now, revokedSince)
                .range(0, limit - 1).list();
    }

    /** Forgets revocations no token can be concerned by any more. */
    public Uni<Long> deleteForgotten(Instant now) {
        return delete("forgetAfter <= ?1", now);
    }
}
