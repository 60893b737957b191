package io.callwire.support.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.jose4j.jwt.consumer.JwtContext;

import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * How subscription- and notifier-service turn a bearer token into a principal: smallrye-jwt's own
 * verification (JWKS, issuer, audience, expiry, algorithm: {@code mp.jwt.*} as configured), then a
 * {@link ClaimsPrincipal} instead of smallrye-jwt's principal, so that reading the token's Callwire claims
 * throws nothing. auth-service verifies against its own key ring with its own factory, which wins by its
 * higher priority.
 */
@ApplicationScoped
@Alternative
@Priority(0)
public class ClaimsPrincipalFactory extends JWTCallerPrincipalFactory {

    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        JwtContext context = parser.parse(token, authContextInfo);
        String type = context.getJoseObjects().get(0).getHeader("typ");
        return new ClaimsPrincipal(token, type == null ? "JWT" : type, context.getJwtClaims());
    }
}
