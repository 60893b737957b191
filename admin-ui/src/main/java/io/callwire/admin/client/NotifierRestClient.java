package io.callwire.admin.client;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.callwire.admin.Page;
import io.callwire.admin.Webhooks;

/** notifier-service's REST API, as the console uses it. */
@RegisterRestClient(configKey = "notifier")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Path("/api/v1")
interface NotifierRestClient {

    @GET
    @Path("/webhooks")
    Page<Webhooks.View> webhooks(@HeaderParam("Authorization") String bearer, @QueryParam("page") int page,
                                 @QueryParam("size") int size);

    @GET
    @Path("/webhooks/{id}")
    Webhooks.View webhook(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    @POST
    @Path("/webhooks")
    Webhooks.View create(@HeaderParam("Authorization") String bearer, Webhooks.Spec spec);

    @PUT
    @Path("/webhooks/{id}")
    Webhooks.View replace(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id, Webhooks.Spec spec);

    @DELETE
    @Path("/webhooks/{id}")
    void delete(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    @POST
    @Path("/webhooks/preview")
    Webhooks.Preview preview(@HeaderParam("Authorization") String bearer, Webhooks.PreviewRequest request);

    @POST
    @Path("/webhooks/{id}/rotate-secret")
    Webhooks.View rotateSecret(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    @POST
    @Path("/webhooks/{id}/test")
    Webhooks.Attempt test(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id, Webhooks.TestRequest request);

    @POST
    @Path("/webhooks/{id}/recover")
    Webhooks.Recovered recover(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id,
                               @QueryParam("since") String since);

    @GET
    @Path("/webhooks/{id}/deliveries")
    Page<Webhooks.Delivery> deliveries(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id,
                                       @QueryParam("status") String status, @QueryParam("event") String event,
                                       @QueryParam("from") String from, @QueryParam("to") String to,
                                       @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/deliveries/{id}")
    Webhooks.Delivery delivery(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    @POST
    @Path("/deliveries/{id}/resend")
    void resend(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
}
