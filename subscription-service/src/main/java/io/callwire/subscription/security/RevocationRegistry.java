package io.callwire.subscription.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.subscription.Caller;

/**
 * The revocations in force, for the real-time endpoint and the listeners: the security kit's
 * {@link io.callwire.support.security.RevocationRegistry} (the same one REST requests are checked
 * against), seen with this service's {@link Caller}. Token, session ({@code sid}) and subject
 * revocations; remembered for {@code callwire.security.revocation-retention}.
 */
@ApplicationScoped
public class RevocationRegistry {

    private final io.callwire.support.security.RevocationRegistry registry;

    public RevocationRegistry(io.callwire.support.security.RevocationRegistry registry) {
        this.registry = registry;
    }

    /** Records a revocation (from AMQP or from auth-service's list); true when it was not known yet. */
    public boolean record(RevocationMessage revocation) {
        return registry.record(revocation);
    }

    /** Records many revocations (auth-service's list) and returns those not known yet. */
    public List<RevocationMessage> recordAll(List<RevocationMessage> revocations) {
        return registry.recordAll(revocations);
    }

    /** Whether {@code revocation} covers the caller's token (its id, its session, or an older token of the subject). */
    public boolean covers(RevocationMessage revocation, Caller caller) {
        return io.callwire.support.security.RevocationRegistry.covers(revocation, caller.tokenId(), caller.sessionId(),
                caller.subject(), caller.issuedAt());
    }

    /** Whether the caller's token is revoked, itself, by its session or as a token of a revoked subject. */
    public boolean isRevoked(Caller caller) {
        return registry.isRevoked(caller.tokenId(), caller.sessionId(), caller.subject(), caller.issuedAt());
    }

    /** Whether a subject revocation covers the caller's token (issued at or before it). */
    public boolean coversSubjectToken(Caller caller) {
        return registry.subjectRevokedFor(caller.subject(), caller.issuedAt());
    }
}
