package io.callwire.auth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import io.callwire.auth.config.AuthConfig;
import io.callwire.contract.security.TokenClaims;

/** Builds and signs the JWTs (in memory, with the cached signing key). */
@ApplicationScoped
public class TokenIssuer {

    private final KeyRing keys;
    private final RevocationRegistry revocations;
    private final AuthConfig config;

    public TokenIssuer(KeyRing keys, RevocationRegistry revocations, AuthConfig config) {
        this.keys = keys;
        this.revocations = revocations;
        this.config = config;
    }

    /**
     * Signs a token for {@code principal}.
     *
     * @param use       {@link AuthClaims#USE_ACCESS} (audience {@code callwire-api}) or {@link AuthClaims#USE_RTE}
     *                  (audience {@code callwire-rte})
     * @param boundIp   the client address to bind the token to, or null
     * @param actor     who asked for a token on behalf of {@code principal}, or null
     * @param sessionId the sign-in session ({@code sid}) the token is minted in, or null (client credentials)
     */
    public IssuedToken issue(TokenPrincipal principal, Duration lifetime, String use, String boundIp, UUID actor, String sessionId) {
        Instant now = Instant.now();
        long issuedAt = now.getEpochSecond();
        Instant revokedAt = revocations.subjectRevokedAt(principal.subject().toString());
        if (revokedAt != null && issuedAt * 1000 <= revokedAt.toEpochMilli()) {
            // iat has second precision and verifiers refuse tokens issued "at or before" a subject
            // revocation: a token made in the revocation's own second starts in the next one
            issuedAt = revokedAt.getEpochSecond() + 1;
        }
        long expiresAt = issuedAt + lifetime.toSeconds();
        String tokenId = UUID.randomUUID().toString();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        // token kinds are kept apart by audience: REST APIs take callwire-api only, /rte callwire-rte only
        claims.setAudience(AuthClaims.USE_RTE.equals(use) ? TokenClaims.AUDIENCE_RTE : TokenClaims.AUDIENCE_API);
        claims.setSubject(principal.subject().toString());
        claims.setClaim(TokenClaims.ORGANIZATION, principal.organizationId().toString());
        claims.setStringListClaim("groups", principal.roles());
        claims.setClaim("upn", principal.upn());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
        claims.setJwtId(tokenId);
        claims.setClaim(AuthClaims.TOKEN_USE, use);
        if (principal.clientId() != null) {
            claims.setClaim(AuthClaims.CLIENT_ID, principal.clientId());
        }
        if (sessionId != null) {
            claims.setClaim(TokenClaims.SESSION, sessionId);
        }
        if (boundIp != null) {
            claims.setClaim(TokenClaims.BOUND_IP, boundIp);
        }
        if (actor != null && !actor.equals(principal.subject())) {
            claims.setClaim(AuthClaims.ACTOR, Map.of("sub", actor.toString()));
        }
        String jwt = keys.sign(claims, now);
        return new IssuedToken(jwt, tokenId, Instant.ofEpochSecond(expiresAt), expiresAt - now.getEpochSecond());
    }
}
