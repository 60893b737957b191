package io.callwire.auth.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.OutboxMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The outbox. Relaying uses row locks and lives in {@code OutboxRelay}. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxMessage, Long> {

    /** Forgets messages published before {@code before}. */
    public Uni<Long> deletePublishedBefore(Instant before) {
        return delete("publishedAt is not null and publishedAt < ?1", before);
    }
}
