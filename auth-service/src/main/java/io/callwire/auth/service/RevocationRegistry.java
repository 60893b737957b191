package io.callwire.auth.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * every {@code callwire.auth.keys.refresh-interval} for the other replicas' ones.
 */
@ApplicationScoped
public class RevocationRegistry {

    private static final Logger LOG = Logger.getLogger(RevocationRegistry.class);

    private final RevocationRepository repository;
    private final Map<String, Instant> revokedTokenIds = new ConcurrentHashMap<>();
    private final Map<String, Instant> subjectsRevokedAt = new ConcurrentHashMap<>();
    private final AtomicLong lastSeenId = new AtomicLong();

    public RevocationRegistry(RevocationRepository repository) {
        this.repository = repository;
    }

    /** Takes a revocation into account on this replica. */
    public void apply(Revocation revocation) {
        if (revocation.getTokenId() != null) {
            revokedTokenIds.put(revocation.getTokenId(), revocation.getForgetAfter());
        } else {
            subjectsRevokedAt.merge(revocation.getSubject(), revocation.getRevokedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** When every token of {@code subject} issued until then was revoked, or null. */
    public Instant subjectRevokedAt(String subject) {
        return subjectsRevokedAt.get(subject);
    }

    /**
     * True when the token is refused: its id was revoked, or its subject's tokens issued at or
     * before a revocation were (iat has second precision; the issuer never issues into a revoked
     * second, see {@code TokenIssuer}).
     */
    public boolean isRevoked(String tokenId, String subject, long issuedAtSeconds) {
        if (tokenId != null && revokedTokenIds.containsKey(tokenId)) {
            return true;
        }
        Instant revokedAt = subject == null ? null : subjectsRevokedAt.get(subject);
        return revokedAt != null && issuedAtSeconds * 1000 <= revokedAt.toEpochMilli();
    }

    /** Loads revocations written since the last load (by any replica). */
    public Uni<Void> sync() {
        Instant now = Instant.now();
        return Panache.withSession(() -> repository.since(lastSeenId.get(), now))
                .invoke(this::applyAll)
                .replaceWithVoid();
    }

    private void applyAll(List<Revocation> revocations) {
        for (Revocation revocation : revocations) {
            apply(revocation);
            lastSeenId.accumulateAndGet(revocation.getId(), Math::max);
        }
    }

    @Scheduled(every = "{callwire.auth.keys.refresh-interval}", delayed = "{callwire.auth.keys.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> syncPeriodically() {
        Instant now = Instant.now();
        revokedTokenIds.values().removeIf(forgetAfter -> forgetAfter.isBefore(now));
        return Uni.createFrom().deferred(this::sync).onFailure().invoke(e -> LOG.warnf("revocations not reloaded: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
