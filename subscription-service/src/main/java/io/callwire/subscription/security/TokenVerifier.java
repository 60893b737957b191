package io.callwire.subscription.security;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.contract.security.TokenClaims;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Guid;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies bearer tokens of auth-service for the WebSocket endpoint, with the same smallrye-jwt
 * configuration as the REST endpoints (JWKS URL, issuer, audience; RS256/ES256 only, so
 * {@code alg: none} never passes), then refuses revoked ones. May fetch the JWKS: call it off the
 * event loop.
 */
@ApplicationScoped
public class TokenVerifier {

    private final JWTParser parser;
    private final RevocationRegistry revocations;

    public TokenVerifier(JWTParser parser, RevocationRegistry revocations) {
        this.parser = parser;
        this.revocations = revocations;
    }

    /** The caller of a valid token, or empty if the token is invalid, expired or revoked. */
    public Optional<Caller> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException invalid) {
            return Optional.empty();
        }
        return toCaller(jwt).filter(caller -> !revocations.isRevoked(caller));
    }

    /** The caller a token verified by smallrye-jwt stands for, empty if it lacks the Callwire claims. */
    public static Optional<Caller> toCaller(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null) {
            return Optional.empty();
        }
        Object org = jwt.getClaim(TokenClaims.ORGANIZATION);
        Optional<UUID> organization = Guid.parse(org == null ? null : org.toString());
        if (organization.isEmpty()) {
            return Optional.empty();
        }
        Object ip = jwt.getClaim(TokenClaims.BOUND_IP);
        Set<String> groups = jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
        String upn = jwt.getClaim("upn") == null ? jwt.getName() : jwt.getClaim("upn").toString();
        return Optional.of(new Caller(jwt.getSubject(), organization.get(), upn, groups, jwt.getTokenID(),
                Instant.ofEpochSecond(jwt.getIssuedAtTime()), Instant.ofEpochSecond(jwt.getExpirationTime()),
                Optional.ofNullable(ip).map(Object::toString).map(s -> s.replace("\"", ""))));
    }
}
