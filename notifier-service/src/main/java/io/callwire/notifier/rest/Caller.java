package io.callwire.notifier.rest;

import java.util.UUID;

import io.callwire.support.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;

/**
 * The organization of the authenticated caller, from the security kit's caller. Before a resource
 * runs, the kit has checked that the token is an access or client-credentials token
 * ({@code aud = callwire-api}; RTE tokens are refused), that it is not revoked (token, sign-in
 * session or subject, fed by {@code callwire.auth.revocations}) and that a bound token comes from
 * its address.
 */
@RequestScoped
public class Caller {

    private final CurrentCaller caller;

    public Caller(CurrentCaller caller) {
        this.caller = caller;
    }

    /** The caller's organization. */
    public UUID organizationId() {
        return caller.get().organizationId();
    }
}
