package io.callwire.subscription.rest;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Guid;
import io.callwire.subscription.security.RevocationRegistry;
import io.callwire.subscription.security.TokenVerifier;
import io.callwire.subscription.service.ProblemException;

/**
 * The REST caller and the organization a request acts on: the caller's own, or, for platform
 * operators only, the one named by {@code organizationId}.
 */
@RequestScoped
public class Callers {

    private final JsonWebToken jwt;
    private final RevocationRegistry revocations;

    public Callers(JsonWebToken jwt, RevocationRegistry revocations) {
        this.jwt = jwt;
        this.revocations = revocations;
    }

    /**
     * The authenticated caller (the resource is {@code @Authenticated}). smallrye-jwt has checked
     * the signature, issuer, audience and expiry; a token revoked since it was issued is refused here,
     * as it is at the WebSocket upgrade.
     */
    public Caller current() {
        Caller caller = TokenVerifier.toCaller(jwt)
                .orElseThrow(() -> ProblemException.forbidden("The token carries no organization"));
        if (revocations.isRevoked(caller)) {
            throw ProblemException.unauthorized("The token has been revoked");
        }
        return caller;
    }

    /** The organization a request acts on. */
    public UUID organization(Caller caller, String requested) {
        if (requested == null || requested.isBlank()) {
            return caller.organizationId();
        }
        Optional<UUID> organization = Guid.parse(requested);
        if (organization.isEmpty()) {
            throw ProblemException.badRequest("organizationId must be a GUID");
        }
        if (!organization.get().equals(caller.organizationId()) && !caller.isPlatformAdmin()) {
            throw ProblemException.forbidden("Only platform administrators act on other organizations");
        }
        return organization.get();
    }

    /** Throws 403 unless the caller administers organizations. */
    public void requireAdmin(Caller caller) {
        if (!caller.isOrgAdmin() && !caller.isPlatformAdmin()) {
            throw ProblemException.forbidden("This requires the org-admin role");
        }
    }
}
