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
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
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

    private final JwtConsumer consumer;
    private final RevocationRegistry revocations;

    public AuthTokenVerifier(KeyRing keys, KeyService keyService, RevocationRegistry revocations, AuthConfig config) {
        this.revocations = revocations;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
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
            JwtContext context = consumer.process(token);
            var claims = context.getJwtClaims();
            if (revocations.isRevoked(claims.getJwtId(), claims.getSubject(), claims.getIssuedAt().getValue())) {
                throw new ParseException("token revoked");
            }
            return new DefaultJWTCallerPrincipal(token, "JWT", claims);
        } catch (InvalidJwtException | MalformedClaimException e) {
            // the reason goes nowhere near the response; smallrye-jwt answers 401
            throw new ParseException("token refused", e);
        }
    }
}
