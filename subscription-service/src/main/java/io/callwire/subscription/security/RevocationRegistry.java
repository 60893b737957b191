package io.callwire.subscription.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.subscription.Caller;
import io.callwire.subscription.config.RteConfig;

/**
 * Revocations received from auth-service, remembered for {@code callwire.rte.revocation-retention}
 * (at least the longest token lifetime) so that revoked tokens, and tokens of a revoked subject
 * issued before the revocation, are refused at connect time. Kept in memory per replica: every
 * replica receives every revocation on its own AMQP subscription.
 */
@ApplicationScoped
public class RevocationRegistry {

    private final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedSubjects = new ConcurrentHashMap<>();
    private final RteConfig config;

    public RevocationRegistry(RteConfig config) {
        this.config = config;
    }

    /**
     * Records a revocation (from AMQP or from auth-service's list); true when it was not known yet,
     * so that a reload of revocations already received does nothing more.
     */
    public boolean record(RevocationMessage revocation) {
        boolean news = remember(revocation);
        prune();
        return news;
    }

    /**
     * Records many revocations (auth-service's list) and returns those not known yet; prunes once,
     * not once per item, so that loading thousands stays linear on the event loop.
     */
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
        boolean news;
        if (revocation.coversAllTokensOfSubject()) {
            Instant before = revokedSubjects.get(revocation.subject());
            revokedSubjects.merge(revocation.subject(), at, (a, b) -> a.isAfter(b) ? a : b);
            news = before == null || at.isAfter(before);
        } else {
            news = revokedTokens.put(revocation.tokenId(), at) == null;
        }
        return news;
    }

    /** Whether {@code revocation} covers the caller's token (its own id, or an older token of the subject). */
    public boolean covers(RevocationMessage revocation, Caller caller) {
        return revocation.coversAllTokensOfSubject() ? coversSubjectToken(caller) : revocation.tokenId().equals(caller.tokenId());
    }

    /** Whether the caller's token is revoked, itself or as a token of a revoked subject. */
    public boolean isRevoked(Caller caller) {
        if (caller.tokenId() != null && revokedTokens.containsKey(caller.tokenId())) {
            return true;
        }
        return coversSubjectToken(caller);
    }

    /** Whether a subject revocation covers the caller's token (issued at or before it). */
    public boolean coversSubjectToken(Caller caller) {
        Instant subjectRevokedAt = revokedSubjects.get(caller.subject());
        // iat has second precision: a token issued in the second of the revocation counts as older
        return subjectRevokedAt != null && !caller.issuedAt().isAfter(subjectRevokedAt);
    }

    private void prune() {
        Instant horizon = Instant.now().minus(config.revocationRetention());
        revokedTokens.values().removeIf(at -> at.isBefore(horizon));
        revokedSubjects.values().removeIf(at -> at.isBefore(horizon));
    }
}
