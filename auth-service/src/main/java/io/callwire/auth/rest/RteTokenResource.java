package io.callwire.auth.rest;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callwire.auth.RteToken;
import io.callwire.support.security.ClientAddressResolver;
import io.callwire.auth.service.TokenService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The reference API's token call ({@code GET /token/{userId}/rte/}): where the RTE hub is and a
 * token for it. {@code bindIp=true} binds the token to the caller's address (Axialys-style).
 */
@Path("/token")
@Tag(name = "RTE token")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RteTokenResource {

    private final TokenService tokens;
    private final ClientAddressResolver addresses;
    private final AdminCaller caller;

    public RteTokenResource(TokenService tokens, ClientAddressResolver addresses, AdminCaller caller) {
        this.tokens = tokens;
        this.addresses = addresses;
        this.caller = caller;
    }

    @GET
    @Path("/me/rte")
    @NonBlocking
    @Operation(summary = "RTE endpoint and token for the caller")
    public Response mine(@QueryParam("bindIp") boolean bindIp, HttpServerRequest request) {
        String address = addresses.resolve(request);
        return noStore(tokens.rteForCaller(caller.get(), address, bindIp));
    }

    @GET
    @Path("/{userId}/rte")
    @Operation(summary = "RTE endpoint and token for a user: itself, its org-admin, or a platform-admin")
    public Uni<Response> forUser(@PathParam("userId") UUID userId, @QueryParam("bindIp") boolean bindIp, HttpServerRequest request) {
        String address = addresses.resolve(request);
        return tokens.rteForUser(caller.get(), userId, address, bindIp).map(RteTokenResource::noStore);
    }

    /** A response carrying a token is never stored by a browser or a proxy (RFC 6749 5.1). */
    private static Response noStore(RteToken token) {
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
