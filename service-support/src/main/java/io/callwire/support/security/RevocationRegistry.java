package io.callwire.support.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.callwire.contract.messaging.RevocationMessage;

/**
 * The revocations in force, as published by auth-service on {@code callwire.auth.revocations} and
 * listed by its {@code GET /api/v1/revocations} (loaded at start-up by services that need it). Three
 * kinds: one token ({@code jti}), one sign-in session ({@code sid}: every token minted in it), every
 * token of a subject issued at or before the revocation. Kept in memory per replica (every replica
 * gets every revocation on its own subscription) for {@code callwire.security.revocation-retention}.
 */
@ApplicationScoped
public class RevocationRegistry {

    private final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedSessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedSubjects = new ConcurrentHashMap<>();
    private final Duration retention;

    @Inject
    public RevocationRegistry(SecurityConfig config) {
        this(config.revocationRetention());
    }

    public RevocationRegistry(Duration retention) {
        this.retention = retention;
    }

    /** Records a revocation; true when it was not known yet (a reload of known ones does nothing more). */
    public boolean record(RevocationMessage revocation) {
        boolean news = remember(revocation);
        prune();
        return news;
    }

    /** Records many (auth-service's list) and returns those not known yet; prunes once, not per item. */
    public List<RevocationMessage> recordAll(List<RevocationMessage> revocations) {
        List<RevocationMessage> news = new ArrayList<>();
        for (RevocationMessage revocation : revocations) {
            if (remember(revocation)) {
                news.add(revocation);
            }
        }
        prune();
        return news;
    }

    private boolean remember(RevocationMessage revocation) {
        Instant at = revocation.revokedAt() == null ? Instant.now() : revocation.revokedAt();
        if (revocation.tokenId() != null) {
            return revokedTokens.put(revocation.tokenId(), at) == null;
        }
        if (revocation.sessionId() != null) {
            return revokedSessions.put(revocation.sessionId(), at) == null;
        }
        if (revocation.subject() == null) {
            return false;
        }
        Instant before = revokedSubjects.get(revocation.subject());
        revokedSubjects.merge(revocation.subject(), at, (a, b) -> a.isAfter(b) ? a : b);
        return before == null || at.isAfter(before);
    }

    /** Whether the caller's token is revoked: itself, its session, or as an older token of its subject. */
    public boolean isRevoked(Caller caller) {
        return isRevoked(caller.tokenId(), caller.sessionId(), caller.subject(), caller.issuedAt());
    }

    /** Whether a token with these claims is revoked ({@code sid} may be null). */
    public boolean isRevoked(String tokenId, String sessionId, String subject, Instant issuedAt) {
        if (tokenId != null && revokedTokens.containsKey(tokenId)) {
            return true;
        }
        if (sessionId != null && revokedSessions.containsKey(sessionId)) {
            return true;
        }
        return subjectRevokedFor(subject, issuedAt);
    }

    /** Whether {@code revocation} covers a token with these claims (to close the sessions it concerns). */
    public static boolean covers(RevocationMessage revocation, String tokenId, String sessionId, String subject,
                                 Instant issuedAt) {
        if (revocation.tokenId() != null) {
            return revocation.tokenId().equals(tokenId);
        }
        if (revocation.sessionId() != null) {
            return revocation.sessionId().equals(sessionId);
        }
        Instant at = revocation.revokedAt() == null ? Instant.now() : revocation.revokedAt();
        return revocation.subject() != null && revocation.subject().equals(subject) && !issuedAt.isAfter(at);
    }

    /** Whether a subject revocation covers a token of {@code subject} issued at {@code issuedAt}. */
    public boolean subjectRevokedFor(String subject, Instant issuedAt) {
        Instant subjectRevokedAt = subject == null ? null : revokedSubjects.get(subject);
        // iat has second precision: a token issued in the second of the revocation counts as older
        // (auth-service gives tokens issued in that second the next second as iat)
        return subjectRevokedAt != null && !issuedAt.isAfter(subjectRevokedAt);
    }

    private void prune() {
        Instant horizon = Instant.now().minus(retention);
        revokedTokens.values().removeIf(at -> at.isBefore(horizon));
        revokedSessions.values().removeIf(at -> at.isBefore(horizon));
        revokedSubjects.values().removeIf(at -> at.isBefore(horizon));
    }
}
