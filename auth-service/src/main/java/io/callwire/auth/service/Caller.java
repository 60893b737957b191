package io.callwire.auth.service;

import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.contract.security.Roles;
import io.callwire.contract.security.TokenClaims;

/**
 * The authenticated caller of the API, from its verified token.
 *
 * @param subject        {@code sub}
 * @param organizationId {@code org}
 * @param upn            {@code upn}
 * @param roles          {@code groups}
 * @param clientId       {@code client_id} for API clients, else null
 * @param tokenUse       {@code token_use}
 * @param boundIp        {@code ip} when the token is bound to an address, else null
 */
public record Caller(UUID subject, UUID organizationId, String upn, Set<String> roles, String clientId, String tokenUse,
        String boundIp) {

    /** Reads the caller from a token verified by {@link AuthTokenVerifier}. */
    public static Caller of(JsonWebToken token) {
        String org = token.getClaim(TokenClaims.ORGANIZATION);
        return new Caller(UUID.fromString(token.getSubject()), org == null ? null : UUID.fromString(org), token.getName(),
                token.getGroups(), token.getClaim(AuthClaims.CLIENT_ID), token.getClaim(AuthClaims.TOKEN_USE),
                token.getClaim(TokenClaims.BOUND_IP));
    }

    /** Operates every organization. */
    public boolean isPlatformAdmin() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }

    /** May administer {@code organizationId}. */
    public boolean administers(UUID organizationId) {
        return isPlatformAdmin() || (roles.contains(Roles.ORG_ADMIN) && organizationId != null && organizationId.equals(this.organizationId));
    }

    /** May read the users of {@code organizationId} (administrators and its supervisors). */
    public boolean canReadUsersOf(UUID organizationId) {
        return administers(organizationId) || (roles.contains(Roles.SUPERVISOR) && organizationId.equals(this.organizationId));
    }

    /** May see {@code organizationId} at all. */
    public boolean belongsToOrAdministers(UUID organizationId) {
        return isPlatformAdmin() || organizationId.equals(this.organizationId);
    }

    /**
     * Refuses tokens that must not be used here: RTE tokens (for the WebSocket only, never to
     * obtain more tokens or administer), and address-bound tokens used from another address.
     */
    public Caller requireUsableFrom(String address) {
        if (AuthClaims.USE_RTE.equals(tokenUse)) {
            throw new io.quarkus.security.AuthenticationFailedException("RTE tokens are valid for the WebSocket only");
        }
        if (boundIp != null && !boundIp.equals(address)) {
            throw new io.quarkus.security.AuthenticationFailedException("token bound to another address");
        }
        return this;
    }
}
