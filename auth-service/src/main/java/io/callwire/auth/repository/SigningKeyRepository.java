package io.callwire.auth.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.SigningKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Signing keys. */
@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, String> {

    /** Keys still published at {@code now}, oldest first. */
    public Uni<List<SigningKey>> published(Instant now) {
        return list("publishUntil is null or publishUntil > ?1", Sort.by("activatesAt"), now);
    }

    /** Keys not retired yet (normally one, two during a rotation), oldest first. */
    public Uni<List<SigningKey>> unretired() {
        return list("retiredAt is null", Sort.by("activatesAt"));
    }

    /** Deletes keys whose every token has expired. */
    public Uni<Long> deleteExpired(Instant now) {
        return delete("publishUntil is not null and publishUntil <= ?1", now);
    }
}
