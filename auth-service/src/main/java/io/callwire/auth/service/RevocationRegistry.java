package io.callwire.auth.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.callwire.auth.Revocation;
import io.callwire.auth.repository.RevocationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The revocations this replica refuses, in memory (one map lookup per authenticated request, no
 * database round trip). Filled at once by local revocations and from the {@code revocation} table
 * every {@code callwire.auth.keys.refresh-interval} for the other replicas' ones. Each reload reads
 * every revocation still in force (a bounded set: rows are forgotten once no token they concern can
 * be valid), so a revocation that commits late — after rows with higher ids were read — is still
 * picked up by the next reload.
 */
@ApplicationScoped
public class RevocationRegistry {

    private static final Logger LOG = Logger.getLogger(RevocationRegistry.class);

    private final RevocationRepository repository;
    private final Map<String, Instant> revokedTokenIds = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedSessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> subjectsRevokedAt = new ConcurrentHashMap<>();

    public RevocationRegistry(RevocationRepository repository) {
        this.repository = repository;
    }

    /** Takes a revocation into account on this replica. */
    public void apply(Revocation revocation) {
        if (revocation.getTokenId() != null) {
            revokedTokenIds.put(revocation.getTokenId(), revocation.getForgetAfter());
        } else if (revocation.getSessionId() != null) {
            revokedSessions.put(revocation.getSessionId(), revocation.getForgetAfter());
        } else {
            subjectsRevokedAt.merge(revocation.getSubject(), revocation.getRevokedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** When every token of {@code subject} issued until then was revoked, or null. */
    public Instant subjectRevokedAt(String subject) {
        return subjectsRevokedAt.get(subject);
    }

    /** Whether the sign-in session {@code sessionId} was revoked (its refresh tokens are refused too). */
    public boolean isSessionRevoked(String sessionId) {
        return sessionId != null && revokedSessions.containsKey(sessionId);
    }

    /**
     * True when the token is refused: its id was revoked, its sign-in session was, or its subject's
     * tokens issued at or before a revocation were (iat has second precision; the issuer never
     * issues into a revoked second, see {@code TokenIssuer}).
     */
    public boolean isRevoked(String tokenId, String sessionId, String subject, long issuedAtSeconds) {
        if (tokenId != null && revokedTokenIds.containsKey(tokenId)) {
            return true;
        }
        if (isSessionRevoked(sessionId)) {
            return true;
        }
        Instant revokedAt = subject == null ? null : subjectsRevokedAt.get(subject);
        return revokedAt != null && issuedAtSeconds * 1000 <= revokedAt.toEpochMilli();
    }

    /** Loads every revocation in force (written by any replica, committed in any order). */
    public Uni<Void> sync() {
        Instant now = Instant.now();
        return Panache.withSession(() -> repository.inForceAt(now))
                .invoke(this::applyAll)
                .replaceWithVoid();
    }

    private void applyAll(List<Revocation> revocations) {
        revocations.forEach(this::apply);
    }

    @Scheduled(every = "{callwire.auth.keys.refresh-interval}", delayed = "{callwire.auth.keys.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> syncPeriodically() {
        Instant now = Instant.now();
        revokedTokenIds.values().removeIf(forgetAfter -> forgetAfter.isBefore(now));
        revokedSessions.values().removeIf(forgetAfter -> forgetAfter.isBefore(now));
        return Uni.createFrom().deferred(this::sync).onFailure().invoke(e -> LOG.warnf("revocations not reloaded: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
