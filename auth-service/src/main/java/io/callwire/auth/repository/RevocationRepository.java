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

    /** Revocations newer than {@code afterId} that still matter at {@code now}. */
    public Uni<List<Revocation>> since(long afterId, Instant now) {
        return list("id > ?1 and forgetAfter > ?2", Sort.by("id"), afterId, now);
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
