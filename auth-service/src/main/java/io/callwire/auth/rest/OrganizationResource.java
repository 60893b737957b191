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

import io.callwire.auth.OrganizationChanges;
import io.callwire.auth.OrganizationDraft;
import io.callwire.auth.OrganizationView;
import io.callwire.auth.PageOf;
import io.callwire.auth.service.OrganizationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Organizations: platform-admins manage them; everyone sees its own. */
@Path("/api/v1/organizations")
@Tag(name = "Organizations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    private final OrganizationService organizations;
    private final AdminCaller caller;

    public OrganizationResource(OrganizationService organizations, AdminCaller caller) {
        this.organizations = organizations;
        this.caller = caller;
    }

    @POST
    // JSON only (415 problem otherwise): a text/plain body was read through OrganizationDraft's one-String
    // constructor, and a whole JSON text was stored as an organization's name
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull OrganizationDraft draft) {
        return organizations.create(caller.get(), draft)
                .map(created -> Response.created(URI.create("/api/v1/organizations/" + created.id())).entity(created).build());
    }

    @GET
    public Uni<PageOf<OrganizationView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return organizations.list(caller.get(), page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<OrganizationView> get(@PathParam("id") UUID id) {
        return organizations.get(caller.get(), id);
    }

    @PATCH
    // JSON only (415 problem otherwise): a text/plain body was read through OrganizationDraft's one-String
    // constructor, and a whole JSON text was stored as an organization's name
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    public Uni<OrganizationView> update(@PathParam("id") UUID id, @Valid @NotNull OrganizationChanges changes) {
        return organizations.update(caller.get(), id, changes);
    }

    @POST
    @Path("/{id}/disable")
    public Uni<OrganizationView> disable(@PathParam("id") UUID id) {
        return organizations.update(caller.get(), id, new OrganizationChanges(null, false));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return organizations.delete(caller.get(), id).map(ignored -> Response.noContent().build());
    }
}
