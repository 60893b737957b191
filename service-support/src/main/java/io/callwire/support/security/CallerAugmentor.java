package io.callwire.support.security;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.contract.security.TokenClaims;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Builds the {@link Caller} once, when HTTP security has verified a bearer token, and applies the
 * {@link TokenPolicy} right there: before any role check or resource runs, in every service that
 * has this library. On the real-time paths ({@code callwire.security.real-time-paths}) the token
 * must be an RTE token, everywhere else an access or client-credentials token. A refusal is an
 * authentication failure with a detail that says why, answered as a 401 problem.
 */
@ApplicationScoped
public class CallerAugmentor implements SecurityIdentityAugmentor {

    /** The identity attribute holding the {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = "io.callwire.caller";

    private final TokenPolicy policy;
    private final ClientAddressResolver addresses;
    private final SecurityConfig config;

    public CallerAugmentor(TokenPolicy policy, ClientAddressResolver addresses, SecurityConfig config) {
        this.policy = policy;
        this.addresses = addresses;
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
                                         Map<String, Object> attributes) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        try {
            RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(attributes);
            String path = request == null ? "" : request.normalizedPath();
            String audience = isRealTime(path) ? TokenClaims.AUDIENCE_RTE : TokenClaims.AUDIENCE_API;
            // without the request (no HTTP context) a bound token cannot be checked: it is refused
            String address = request == null ? null : addresses.resolve(request.request());
            Caller caller = policy.admit(Caller.of(jwt), audience, address);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                    .addAttribute(CALLER_ATTRIBUTE, caller).build());
        } catch (TokenRefusedException refused) {
            return Uni.createFrom().failure(new AuthenticationFailedException(refused.getMessage(), refused));
        }
    }

    private boolean isRealTime(String path) {
        for (String prefix : config.realTimePaths()) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
