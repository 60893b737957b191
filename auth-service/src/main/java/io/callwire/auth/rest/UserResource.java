package io.callwire.auth.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callwire.auth.PageOf;
import io.callwire.auth.UserChanges;
import io.callwire.auth.UserDraft;
import io.callwire.auth.UserView;
import io.callwire.auth.service.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Users: org-admins for their organization, platform-admins for all; another organization's users are 404. */
@Path("/api/v1/users")
@Tag(name = "Users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final AdminCaller caller;

    public UserResource(UserService users, AdminCaller caller) {
        this.users = users;
        this.caller = caller;
    }

    @POST
    // JSON only (415 problem otherwise): a text/plain body was read through OrganizationDraft's one-String
    // constructor, and a whole JSON text was stored as an organization's name
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull UserDraft draft) {
        return users.create(caller.get(), draft)
                .map(created -> Response.created(URI.create("/api/v1/users/" + created.id())).entity(created).build());
    }

    @GET
    public Uni<PageOf<UserView>> list(@QueryParam("organizationId") UUID organizationId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return users.list(caller.get(), organizationId, page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<UserView> get(@PathParam("id") UUID id) {
        return users.get(caller.get(), id);
    }

    @PATCH
    // JSON only (415 problem otherwise): a text/plain body was read through OrganizationDraft's one-String
    // constructor, and a whole JSON text was stored as an organization's name
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    public Uni<UserView> update(@PathParam("id") UUID id, @Valid @NotNull UserChanges changes) {
        return users.update(caller.get(), id, changes);
    }

    @POST
    @Path("/{id}/disable")
    public Uni<UserView> disable(@PathParam("id") UUID id) {
        return users.disable(caller.get(), id);
    }

    @POST
    @Path("/{id}/enable")
    public Uni<UserView> enable(@PathParam("id") UUID id) {
        return users.enable(caller.get(), id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return users.delete(caller.get(), id).map(ignored -> Response.noContent().build());
    }
}
