package io.callwire.admin.client;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.callwire.admin.Accounts;
import io.callwire.admin.Page;

/** auth-service's REST API, as the console uses it. */
@RegisterRestClient(configKey = "auth")
@Produces(MediaType.APPLICATION_JSON)
interface AuthRestClient {

    @POST
    @Path("/oauth/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Accounts.TokenResponse token(MultivaluedMap<String, String> form, @HeaderParam("X-Forwarded-For") String forwardedFor);

    @POST
    @Path("/oauth/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    void revoke(MultivaluedMap<String, String> form);

    @GET
    @Path("/api/v1/users")
    Page<Accounts.User> users(@HeaderParam("Authorization") String bearer, @QueryParam("organizationId") UUID organizationId,
                              @QueryParam("page") int page, @QueryParam("size") int size);

    @POST
    @Path("/api/v1/users")
    @Consumes(MediaType.APPLICATION_JSON)
    Accounts.User createUser(@HeaderParam("Authorization") String bearer, Accounts.NewUser user);

    @PATCH
    @Path("/api/v1/users/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Accounts.User changeUser(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id, Accounts.UserChanges changes);

    @POST
    @Path("/api/v1/users/{id}/{action}")
    void userAction(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id, @PathParam("action") String action);

    @GET
    @Path("/token/{userId}/rte/")
    Accounts.RteToken rteToken(@HeaderParam("Authorization") String bearer, @PathParam("userId") String userId,
                               @HeaderParam("X-Forwarded-For") String forwardedFor);

    @GET
    @Path("/api/v1/clients")
    Page<Accounts.ApiClient> clients(@HeaderParam("Authorization") String bearer, @QueryParam("organizationId") UUID organizationId,
                                     @QueryParam("page") int page, @QueryParam("size") int size);

    @POST
    @Path("/api/v1/clients")
    @Consumes(MediaType.APPLICATION_JSON)
    Accounts.ApiClient createClient(@HeaderParam("Authorization") String bearer, Accounts.NewClient client);

    @POST
    @Path("/api/v1/clients/{id}/disable")
    void disableClient(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    @GET
    @Path("/api/v1/organizations")
    Page<Accounts.Organization> organizations(@HeaderParam("Authorization") String bearer, @QueryParam("page") int page,
                                              @QueryParam("size") int size);
}
