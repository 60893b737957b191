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
import io.callwire.auth.ClientChanges;
import io.callwire.auth.ClientDraft;
import io.callwire.auth.ClientView;
import io.callwire.auth.service.ClientService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** API clients: org-admins for their organization, platform-admins for all; the secret is shown once, at creation. */
@Path("/api/v1/clients")
@Tag(name = "API clients")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ClientResource {

    private final ClientService clients;
    private final AdminCaller caller;

    public ClientResource(ClientService clients, AdminCaller caller) {
        this.clients = clients;
        this.caller = caller;
    }

    @POST
    // JSON only (415 problem otherwise): a text/plain body was read through OrganizationDraft's one-String
    // constructor, and a whole JSON text was stored as an organization's name
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull ClientDraft draft) {
        return clients.create(caller.get(), draft)
                .map(created -> Response.created(URI.create("/api/v1/clients/" + created.id())).entity(created).build());
    }

    @GET
    public Uni<PageOf<ClientView>> list(@QueryParam("organizationId") UUID organizationId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return clients.list(caller.get(), organizationId, page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<ClientView> get(@PathParam("id") UUID id) {
        return clients.get(caller.get(), id);
    }

    @PATCH
    // JSON only (415 problem otherwise): a text/plain body was read through OrganizationDraft's one-String
    // constructor, and a whole JSON text was stored as an organization's name
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    public Uni<ClientView> update(@PathParam("id") UUID id, @Valid @NotNull ClientChanges changes) {
        return clients.update(caller.get(), id, changes);
    }

    @POST
    @Path("/{id}/disable")
    public Uni<ClientView> disable(@PathParam("id") UUID id) {
        return clients.update(caller.get(), id, new ClientChanges(null, null, false));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return clients.delete(caller.get(), id).map(ignored -> Response.noContent().build());
    }
}
