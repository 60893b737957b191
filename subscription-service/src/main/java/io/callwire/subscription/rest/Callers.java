package io.callwire.subscription.rest;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Guid;
import io.callwire.subscription.service.ProblemException;
import io.callwire.support.security.CurrentCaller;

/**
 * The REST caller and the organization a request acts on: the caller's own, or, for platform
 * operators only, the one named by {@code organizationId}.
 */
@RequestScoped
public class Callers {

    private final CurrentCaller current;

    public Callers(CurrentCaller current) {
        this.current = current;
    }

    /**
     * The authenticated caller (the resource is {@code @Authenticated}). The security kit has
     * already checked, before the resource ran, the signature, issuer, expiry, that the token is an
     * access or client-credentials token ({@code aud = callwire-api}), not revoked, and used from
     * the address it is bound to.
     */
    public Caller current() {
        return Caller.of(current.get());
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
