package io.callwire.auth.service;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

import io.callwire.auth.config.AuthConfig;
import io.callwire.contract.security.TokenClaims;
import io.callwire.support.security.ClaimsPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * How auth-service verifies the bearer tokens sent to its own API: in-process, against the key
 * ring it signs with (no HTTP fetch of its own JWKS, no database round trip), with the same rules
 * the other services apply through smallrye-jwt (issuer, audience, expiry, ES256/RS256 only, a
 * published {@code kid}), plus the revocations this replica knows of.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class AuthTokenVerifier extends JWTCallerPrincipalFactory {

    private static final int CACHE_SIZE = 20_000;
    private static final long CLOCK_SKEW_SECONDS = 30;

    private record Verified(String claimsJson, String tokenId, String subject, long issuedAt, long expiresAt, String kid,
                            String sessionId) {
    }

    private final JwtConsumer consumer;
    private final RevocationRegistry revocations;
    private final KeyRing keys;
    private final java.util.Map<String, Verified> verifiedTokens = new java.util.concurrent.ConcurrentHashMap<>();

    public AuthTokenVerifier(KeyRing keys, KeyService keyService, RevocationRegistry revocations, AuthConfig config) {
        this.revocations = revocations;
        this.keys = keys;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds((int) CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(config.issuer())
                // both kinds verify; the security kit then refuses RTE tokens on this REST API with a 401 that says so
                .setExpectedAudience(TokenClaims.AUDIENCE_API, TokenClaims.AUDIENCE_RTE)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nestingContext) -> {
                    String kid = jws.getKeyIdHeaderValue();
                    var key = keys.verificationKey(kid);
                    if (key.isEmpty()) {
                        keyService.unknownKeySeen();
                        throw new UnresolvableKeyException("unknown kid");
                    }
                    if (!key.get().algorithm().equals(jws.getAlgorithmHeaderValue())) {
                        throw new UnresolvableKeyException("algorithm does not match the key");
                    }
                    return key.get().publicKey();
                })
                .build();
    }

    /** The claims of a token this service signed and that is still valid, revoked or not; null otherwise. */
    public org.jose4j.jwt.JwtClaims verifiedClaims(String token) {
        try {
            return consumer.process(token).getJwtClaims();
        } catch (InvalidJwtException e) {
            return null;
        }
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        try {
            Verified verified = verifiedTokens.get(token);
            long now = System.currentTimeMillis() / 1000;
            if (verified == null || verified.expiresAt() + CLOCK_SKEW_SECONDS <= now || keys.verificationKey(verified.kid()).isEmpty()) {
                JwtContext context = consumer.process(token);
                var claims = context.getJwtClaims();
                verified = new Verified(claims.getRawJson(), claims.getJwtId(), claims.getSubject(), claims.getIssuedAt().getValue(),
                        claims.getExpirationTime().getValue(), context.getJoseObjects().get(0).getKeyIdHeaderValue(),
                        claims.getClaimValueAsString(TokenClaims.SESSION));
                remember(token, verified);
            }
            if (revocations.isRevoked(verified.tokenId(), verified.sessionId(), verified.subject(), verified.issuedAt())) {
                // the cause reaches the shared problem mapper: a 401 of type .../token-revoked
                throw new ParseException("token revoked", new io.callwire.support.security.TokenRefusedException(
                        io.callwire.support.security.TokenRefusedException.REVOKED, "The token has been revoked"));
            }
            // a fresh claims object per request: the principal converts claim values in place; the kit's
            // principal reads Callwire's own claims without an exception each
            return new ClaimsPrincipal(token, "JWT", org.jose4j.jwt.JwtClaims.parse(verified.claimsJson()));
        } catch (InvalidJwtException | MalformedClaimException e) {
            // the reason goes nowhere near the response; smallrye-jwt answers 401
            throw new ParseException("token refused", e);
        }
    }

    /**
     * Tokens already verified, by their exact text: a client exchanging the same access token again
     * (reconnects, several tabs) costs a map lookup instead of an ECDSA verification. Identical bytes
     * carry the identical, already checked signature; expiry, revocation and the key still being
     * published are checked on every use. Bounded: cleared when full.
     */
    private void remember(String token, Verified verified) {
        if (verifiedTokens.size() >= CACHE_SIZE) {
            verifiedTokens.clear();
        }
        verifiedTokens.put(token, verified);
    }
}
