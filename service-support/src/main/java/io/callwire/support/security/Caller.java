package io.callwire.support.security;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.contract.security.Roles;
import io.callwire.contract.security.TokenClaims;

/**
 * Who is calling, built once per request from a verified token. Every service reads its caller
 * from here (never from the raw claims), so organization, roles, kind and binding mean the same
 * everywhere.
 *
 * @param subject        {@code sub}: user or API client GUID
 * @param organizationId {@code org}: the tenant
 * @param upn            {@code upn} (username or client id), for logs and views
 * @param roles          {@code groups}
 * @param kind           access, client-credentials or RTE, from the audience
 * @param audiences      {@code aud}
 * @param tokenId        {@code jti}
 * @param sessionId      {@code sid}: the sign-in session, null for client-credentials tokens
 * @param issuedAt       {@code iat}
 * @param expiresAt      {@code exp}
 * @param boundIp        {@code ip}: the client address the token is bound to, null when unbound
 * @param clientId       {@code client_id} for API clients, null for users
 */
public record Caller(String subject, UUID organizationId, String upn, Set<String> roles, TokenKind kind,
                     Set<String> audiences, String tokenId, String sessionId, Instant issuedAt, Instant expiresAt,
                     String boundIp, String clientId) {

    /**
     * The caller of a token whose signature, issuer and lifetime smallrye-jwt (or auth-service's own
     * verifier) has checked.
     *
     * @throws TokenRefusedException when the token lacks a subject or a GUID organization
     */
    public static Caller of(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null) {
            throw new TokenRefusedException("The token has no subject");
        }
        // smallrye-jwt's principal throws (and catches) an exception for every read of a claim the
        // MicroProfile Claims enum does not name, present or not: absent ones are not read at all
        Set<String> names = jwt.getClaimNames();
        UUID organization;
        try {
            organization = UUID.fromString(text(claim(jwt, names, TokenClaims.ORGANIZATION)));
        } catch (RuntimeException e) {
            throw new TokenRefusedException("The token carries no organization");
        }
        Set<String> audiences = jwt.getAudience() == null ? Set.of() : Set.copyOf(jwt.getAudience());
        String clientId = text(claim(jwt, names, TokenClaims.CLIENT_ID));
        Set<String> groups = jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
        Object upnClaim = claim(jwt, names, "upn");
        String upn = upnClaim == null ? jwt.getName() : text(upnClaim);
        return new Caller(jwt.getSubject(), organization, upn, groups, TokenKind.of(audiences, clientId), audiences,
                jwt.getTokenID(), text(claim(jwt, names, TokenClaims.SESSION)), Instant.ofEpochSecond(jwt.getIssuedAtTime()),
                Instant.ofEpochSecond(jwt.getExpirationTime()), text(claim(jwt, names, TokenClaims.BOUND_IP)), clientId);
    }

    private static Object claim(JsonWebToken jwt, Set<String> names, String name) {
        return names != null && !names.contains(name) ? null : jwt.getClaim(name);
    }

    /** Whether the token was minted for {@code audience} ({@code callwire-api} or {@code callwire-rte}). */
    public boolean isFor(String audience) {
        return audiences.contains(audience);
    }

    /** Operates the platform: every organization. */
    public boolean isPlatformAdmin() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }

    /** Administers its own organization. */
    public boolean isOrgAdmin() {
        return roles.contains(Roles.ORG_ADMIN);
    }

    /** Holds {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** May administer {@code organization}: platform admins everywhere, org-admins their own. */
    public boolean administers(UUID organization) {
        return isPlatformAdmin() || (isOrgAdmin() && organizationId.equals(organization));
    }

    /** The subject as a GUID, empty when it is not one. */
    public Optional<UUID> subjectId() {
        try {
            return Optional.of(UUID.fromString(subject));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The bound address, if any. */
    public Optional<String> boundAddress() {
        return Optional.ofNullable(boundIp);
    }

    private static String text(Object claim) {
        if (claim == null) {
            return null;
        }
        String value = claim instanceof jakarta.json.JsonString json ? json.getString() : claim.toString();
        return value.replace("\"", "");
    }
}
