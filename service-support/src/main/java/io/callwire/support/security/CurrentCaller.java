package io.callwire.support.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller of the current request, as {@link CallerAugmentor} built and admitted it. Use it in
 * resources that are {@code @Authenticated} or {@code @RolesAllowed} (the identity is then known
 * before the resource runs).
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller; 401 when the request carries no accepted token. */
    public Caller get() {
        Caller caller = identity.isAnonymous() ? null : identity.getAttribute(CallerAugmentor.CALLER_ATTRIBUTE);
        if (caller == null) {
            throw new UnauthorizedException("A valid bearer token is required");
        }
        return caller;
    }
}
