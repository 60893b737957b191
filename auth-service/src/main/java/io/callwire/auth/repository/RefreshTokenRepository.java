package io.callwire.auth.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.RefreshToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Refresh tokens. */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /** The token whose SHA-256 is {@code hash}. */
    public Uni<RefreshToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResult();
    }

    /** Revokes every live token of a family. */
    public Uni<Integer> revokeFamily(UUID familyId, Instant now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    /** Revokes every live token of a subject (password change, disabling, deletion). */
    public Uni<Integer> revokeSubject(UUID subject, Instant now) {
        return update("revokedAt = ?1 where subject = ?2 and revokedAt is null", now, subject);
    }

    /** Forgets tokens that expired before {@code before}. */
    public Uni<Long> deleteExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
