package io.callwire.auth.rest;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.auth.service.Caller;
import io.callwire.auth.service.ClientAddressResolver;
import io.vertx.core.http.HttpServerRequest;

/** The caller of an administration request, checked for token use and address binding. */
@RequestScoped
public class AdminCaller {

    private final JsonWebToken token;
    private final ClientAddressResolver addresses;
    private final HttpServerRequest request;

    public AdminCaller(JsonWebToken token, ClientAddressResolver addresses, HttpServerRequest request) {
        this.token = token;
        this.addresses = addresses;
        this.request = request;
    }

    /** The caller, or an authentication failure for RTE tokens and tokens bound to another address. */
    public Caller get() {
        return Caller.of(token).requireUsableFrom(addresses.resolve(request));
    }
}
