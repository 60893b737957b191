package io.callwire.notifier.rest;

import java.util.UUID;

import io.callwire.contract.security.Roles;
import io.callwire.notifier.Delivery;
import io.callwire.notifier.service.DeliveryService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Single deliveries of the caller's organization (org-admin). */
@Path("/api/v1/deliveries")
@RolesAllowed(Roles.ORG_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryService deliveries;
    private final Caller caller;

    public DeliveryResource(DeliveryService deliveries, Caller caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    public Uni<Delivery> get(@PathParam("id") UUID id) {
        return deliveries.get(caller.organizationId(), id);
    }

    @POST
    @Path("{id}/resend")
    public Uni<Delivery> resend(@PathParam("id") UUID id) {
        return deliveries.resend(caller.organizationId(), id);
    }
}
