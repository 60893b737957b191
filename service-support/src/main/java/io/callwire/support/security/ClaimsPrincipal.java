package io.callwire.support.security;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

/**
 * smallrye-jwt's principal, minus an exception per read of a claim the MicroProfile {@link Claims} enum
 * does not name ({@code org}, {@code sid}, {@code client_id}, {@code ip}): the base class finds a claim's
 * type with {@code Claims.valueOf}, which throws for those. {@link Caller#of} reads them for every
 * authenticated request, and each exception filled in a stack trace some hundred frames deep on the event
 * loop. Every service's verified token is one of these ({@link ClaimsPrincipalFactory}; auth-service's own
 * verifier builds them too).
 */
public class ClaimsPrincipal extends DefaultJWTCallerPrincipal {

    private static final Map<String, Claims> STANDARD = Arrays.stream(Claims.values())
            .collect(Collectors.toUnmodifiableMap(Claims::name, Function.identity()));

    /**
     * @param token  the token as sent
     * @param type   its {@code typ} header, or {@code "JWT"}
     * @param claims its verified claims; the principal converts their values in place, so never shared
     */
    public ClaimsPrincipal(String token, String type, JwtClaims claims) {
        super(token, type, claims);
    }

    @Override
    protected Claims getClaimType(String claimName) {
        return claimName == null ? Claims.UNKNOWN : STANDARD.getOrDefault(claimName, Claims.UNKNOWN);
    }
}
