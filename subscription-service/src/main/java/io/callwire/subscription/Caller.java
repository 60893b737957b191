package io.callwire.subscription;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.callwire.contract.security.Roles;

/**
 * Who is calling, as taken from a verified token: the subscription domain's view of the security
 * kit's {@link io.callwire.support.security.Caller} (routing and permission checks use it).
 *
 * @param subject        the {@code sub} claim (user or API client GUID)
 * @param organizationId the tenant ({@code org} claim)
 * @param upn            the user principal name, for the sessions view
 * @param roles          the {@code groups} claim
 * @param tokenId        the {@code jti} claim, to find the connections of a revoked token
 * @param issuedAt       the {@code iat} claim, to refuse tokens issued before a subject revocation
 * @param expiresAt      the {@code exp} claim
 * @param boundIp        the {@code ip} claim, when the token is bound to a client address
 * @param sessionId      the {@code sid} claim (the sign-in session), null when absent; a session
 *                       revocation closes the connections opened with tokens of that session
 */
public record Caller(String subject, UUID organizationId, String upn, Set<String> roles, String tokenId,
                     Instant issuedAt, Instant expiresAt, Optional<String> boundIp, String sessionId) {

    /** A caller without a sign-in session. */
    public Caller(String subject, UUID organizationId, String upn, Set<String> roles, String tokenId,
                  Instant issuedAt, Instant expiresAt, Optional<String> boundIp) {
        this(subject, organizationId, upn, roles, tokenId, issuedAt, expiresAt, boundIp, null);
    }

    /** The caller the security kit built from a verified token. */
    public static Caller of(io.callwire.support.security.Caller verified) {
        return new Caller(verified.subject(), verified.organizationId(), verified.upn(), verified.roles(),
                verified.tokenId(), verified.issuedAt(), verified.expiresAt(), verified.boundAddress(),
                verified.sessionId());
    }

    /** Operates the platform: may subscribe to every organization. */
    public boolean isPlatformAdmin() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }

    /** Administers its organization: may subscribe to everything in it and manage grants. */
    public boolean isOrgAdmin() {
        return roles.contains(Roles.ORG_ADMIN);
    }

    /** The subject as a GUID (users and API clients are GUIDs), empty if it is not one. */
    public Optional<UUID> subjectId() {
        return Guid.parse(subject);
    }
}
