package io.callwire.admin.client;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.admin.Page;
import io.callwire.admin.Permissions;

/** subscription-service's REST API, as the console uses it. */
@RegisterRestClient(configKey = "subscription")
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1")
interface SubscriptionRestClient {

    @GET
    @Path("/entities")
    Page<Permissions.Entity> entities(@HeaderParam("Authorization") String bearer, @QueryParam("type") String type,
                                      @QueryParam("organizationId") UUID organizationId, @QueryParam("page") int page,
                                      @QueryParam("size") int size);

    @POST
    @Path("/entities")
    @Consumes(MediaType.APPLICATION_JSON)
    Permissions.Entity createEntity(@HeaderParam("Authorization") String bearer, @QueryParam("organizationId") UUID organizationId,
                                    Permissions.NewEntity entity);

    @GET
    @Path("/permissions")
    Page<Permissions.Grant> grants(@HeaderParam("Authorization") String bearer, @QueryParam("organizationId") UUID organizationId,
                                   @QueryParam("page") int page, @QueryParam("size") int size);

    @POST
    @Path("/permissions")
    @Consumes(MediaType.APPLICATION_JSON)
    Permissions.Grant createGrant(@HeaderParam("Authorization") String bearer, @QueryParam("organizationId") UUID organizationId,
                                  Permissions.GrantSpec grant);

    @DELETE
    @Path("/permissions/{id}")
    void deleteGrant(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id,
                     @QueryParam("organizationId") UUID organizationId);

    /** A list on main, a page once contract 3 lands: read as JSON and taken either way. */
    @GET
    @Path("/sessions")
    JsonNode sessions(@HeaderParam("Authorization") String bearer, @QueryParam("organizationId") UUID organizationId,
                      @QueryParam("page") int page, @QueryParam("size") int size);
}
