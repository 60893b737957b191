package io.callwire.auth.service;

import java.util.Set;
import java.util.UUID;

import io.callwire.contract.security.Roles;

/**
 * The authenticated caller of the API: auth-service's view of the security kit's
 * {@link io.callwire.support.security.Caller}, which has already refused RTE tokens, revoked tokens
 * and tokens bound to another address before any resource runs.
 *
 * @param subject        {@code sub}
 * @param organizationId {@code org}
 * @param upn            {@code upn}
 * @param roles          {@code groups}
 * @param clientId       {@code client_id} for API clients, else null
 * @param tokenUse       {@code token_use}
 * @param boundIp        {@code ip} when the token is bound to an address, else null
 * @param sessionId      {@code sid}: the sign-in session, inherited by the RTE tokens minted from this token
 */
public record Caller(UUID subject, UUID organizationId, String upn, Set<String> roles, String clientId, String tokenUse,
        String boundIp, String sessionId) {

    /** The caller the security kit built and admitted. */
    public static Caller of(io.callwire.support.security.Caller verified) {
        return new Caller(UUID.fromString(verified.subject()), verified.organizationId(), verified.upn(), verified.roles(),
                verified.clientId(), verified.kind() == io.callwire.support.security.TokenKind.RTE ? AuthClaims.USE_RTE : AuthClaims.USE_ACCESS,
                verified.boundIp(), verified.sessionId());
    }

    /** Operates every organization. */
    public boolean isPlatformAdmin() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }

    /** May administer {@code organizationId}. */
    public boolean administers(UUID organizationId) {
        return isPlatformAdmin() || (roles.contains(Roles.ORG_ADMIN) && organizationId != null && organizationId.equals(this.organizationId));
    }

    /**
     * May act on an account holding {@code targetRoles} in {@code organizationId}: administer the
     * organization, and outrank the account — only platform administrators act on platform
     * administrators and on Callwire's own service clients ({@code platform-service}); an org-admin
     * of the platform's own organization does not.
     */
    public boolean mayActOn(UUID organizationId, java.util.Collection<String> targetRoles) {
        return administers(organizationId) && (isPlatformAdmin()
                || (!targetRoles.contains(Roles.PLATFORM_ADMIN) && !targetRoles.contains(Roles.PLATFORM_SERVICE)));
    }

    /** May read the users of {@code organizationId} (administrators and its supervisors). */
    public boolean canReadUsersOf(UUID organizationId) {
        return administers(organizationId) || (roles.contains(Roles.SUPERVISOR) && organizationId.equals(this.organizationId));
    }

    /** May see {@code organizationId} at all. */
    public boolean belongsToOrAdministers(UUID organizationId) {
        return isPlatformAdmin() || organizationId.equals(this.organizationId);
    }
}
