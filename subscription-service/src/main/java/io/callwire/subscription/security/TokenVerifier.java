package io.callwire.subscription.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.contract.security.TokenClaims;
import io.callwire.subscription.Caller;
import io.callwire.support.security.TokenPolicy;
import io.callwire.support.security.TokenRefusedException;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies bearer tokens of auth-service for the real-time endpoint, with the same smallrye-jwt
 * configuration as the REST endpoints (JWKS URL, issuer; ES256/RS256 only, so {@code alg: none}
 * and HS256 never pass), then applies the security kit's {@link TokenPolicy} for the real-time
 * audience: only RTE tokens ({@code aud = callwire-rte}), not revoked (token, session or subject),
 * and, given the client address, from the address the token is bound to. May fetch the JWKS: call
 * it off the event loop.
 */
@ApplicationScoped
public class TokenVerifier {

    private final JWTParser parser;
    private final TokenPolicy policy;

    public TokenVerifier(JWTParser parser, TokenPolicy policy) {
        this.parser = parser;
        this.policy = policy;
    }

    /**
     * The caller of a valid RTE token that is not revoked, or empty. The address binding is left
     * to the caller of this method (it knows the request); {@link #check} does both and says why.
     */
    public Optional<Caller> verify(String token) {
        try {
            return Optional.of(admit(token, null, false));
        } catch (TokenRefusedException refused) {
            return Optional.empty();
        }
    }

    /**
     * The caller of a valid, unrevoked RTE token used from {@code clientAddress}.
     *
     * @throws TokenRefusedException with a detail for the 401 problem (invalid, wrong kind, revoked, other address)
     */
    public Caller check(String token, String clientAddress) {
        return admit(token, clientAddress, true);
    }

    private Caller admit(String token, String clientAddress, boolean checkAddress) {
        if (token == null || token.isBlank()) {
            throw new TokenRefusedException("A bearer token is required (Authorization header or access_token parameter)");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException invalid) {
            throw new TokenRefusedException("The token is invalid or expired");
        }
        io.callwire.support.security.Caller verified = io.callwire.support.security.Caller.of(jwt);
        if (checkAddress) {
            policy.admit(verified, TokenClaims.AUDIENCE_RTE, clientAddress);
        } else if (verified.boundIp() == null) {
            policy.admit(verified, TokenClaims.AUDIENCE_RTE, null);
        } else {
            // the binding is checked by the caller of verify(): admit as if from the bound address
            policy.admit(verified, TokenClaims.AUDIENCE_RTE, verified.boundIp());
        }
        return Caller.of(verified);
    }

    /** The caller a token verified by smallrye-jwt stands for, empty if it lacks the Callwire claims. */
    public static Optional<Caller> toCaller(JsonWebToken jwt) {
        try {
            return Optional.of(Caller.of(io.callwire.support.security.Caller.of(jwt)));
        } catch (TokenRefusedException | NullPointerException missing) {
            return Optional.empty();
        }
    }
}
