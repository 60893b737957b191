package io.callwire.auth.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callwire.auth.service.KeyRing;
import io.callwire.auth.service.KeyService;
import io.callwire.contract.security.Roles;
import io.smallrye.mutiny.Uni;

/** Signing key administration (platform-admins): list and rotate without restarting anything. */
@Path("/api/v1/keys")
@Tag(name = "Signing keys")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    /** A published key, public facts only. */
    public record KeyView(String kid, String algorithm, Instant activatesAt, Instant retiredAt, boolean signing) {
    }

    private final KeyService keys;
    private final KeyRing ring;
    private final AdminCaller caller;

    public KeyResource(KeyService keys, KeyRing ring, AdminCaller caller) {
        this.keys = keys;
        this.ring = ring;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Published keys and which one signs")
    public List<KeyView> list() {
        caller.get();
        Instant now = Instant.now();
        String signing = ring.signingKey(now).kid();
        return ring.keys().stream()
                .map(k -> new KeyView(k.kid(), k.algorithm(), k.activatesAt(), k.retiredAt(), k.kid().equals(signing)))
                .toList();
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Make a new signing key; it signs after the activation delay, the old ones stay published until their tokens expire")
    public Uni<KeyView> rotate() {
        caller.get();
        return keys.rotate().map(k -> new KeyView(k.getKid(), k.getAlgorithm(), k.getActivatesAt(), null, false));
    }
}
