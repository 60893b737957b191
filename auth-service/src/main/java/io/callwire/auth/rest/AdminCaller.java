package io.callwire.auth.rest;

import jakarta.enterprise.context.RequestScoped;

import io.callwire.auth.service.Caller;
import io.callwire.support.security.CurrentCaller;

/**
 * The caller of an API request, from the security kit: an access or client-credentials token
 * ({@code aud = callwire-api}; RTE tokens are refused, so no token chaining), not revoked, used
 * from the address it is bound to.
 */
@RequestScoped
public class AdminCaller {

    private final CurrentCaller caller;

    public AdminCaller(CurrentCaller caller) {
        this.caller = caller;
    }

    /** The caller; 401 problem when the request carries no accepted token. */
    public Caller get() {
        return Caller.of(caller.get());
    }
}
