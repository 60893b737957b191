package io.callwire.subscription.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.support.rest.Page;
import io.callwire.subscription.service.PermissionService;
import io.callwire.subscription.service.PermissionService.GrantSpec;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Permission grants of an organization, managed by its org-admins: who (a user or a role) may
 * subscribe to which events of which entities. Removing or narrowing a grant takes effect on open
 * connections at once.
 */
@Path("/api/v1/permissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class PermissionResource {

    /**
     * A grant as the API shows it.
     *
     * @param id             grant id
     * @param organizationId its organization
     * @param principalType  {@code USER} or {@code ROLE}
     * @param principal      user GUID or role name
     * @param entityType     {@code User}, {@code Queue} or {@code CallList}
     * @param entityId       one entity, or null for all of the type
     * @param events         event names; empty for all events of the type
     * @param createdAt      created
     * @param updatedAt      last changed
     */
    public record GrantView(UUID id, UUID organizationId, String principalType, String principal, String entityType,
                            UUID entityId, List<String> events, Instant createdAt, Instant updatedAt) {
        static GrantView of(Grant g) {
            return new GrantView(g.id(), g.organizationId(), g.principalType().name(), g.principal(),
                    g.entityType().wireName(), g.entityId(), g.events(), g.createdAt(), g.updatedAt());
        }
    }

    private final PermissionService service;
    private final Callers callers;

    public PermissionResource(PermissionService service, Callers callers) {
        this.service = service;
        this.callers = callers;
    }

    @GET
    public Uni<Page<GrantView>> list(@QueryParam("organizationId") String organizationId,
                                     @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                     @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Caller caller = admin();
        return service.list(callers.organization(caller, organizationId), page, size)
                .map(p -> new Page<>(p.items().stream().map(GrantView::of).toList(), p.page(), p.size(), p.total()));
    }

    @GET
    @Path("{id}")
    public Uni<GrantView> get(@PathParam("id") UUID id, @QueryParam("organizationId") String organizationId) {
        Caller caller = admin();
        return service.get(callers.organization(caller, organizationId), id).map(GrantView::of);
    }

    @POST
    public Uni<Response> create(GrantSpec request, @QueryParam("organizationId") String organizationId) {
        Caller caller = admin();
        return service.create(callers.organization(caller, organizationId), request)
                .map(grant -> Response.created(URI.create("/api/v1/permissions/" + grant.id()))
                        .entity(GrantView.of(grant)).build());
    }

    @PUT
    @Path("{id}")
    public Uni<GrantView> update(@PathParam("id") UUID id, GrantSpec request,
                                 @QueryParam("organizationId") String organizationId) {
        Caller caller = admin();
        return service.update(callers.organization(caller, organizationId), id, request).map(GrantView::of);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id, @QueryParam("organizationId") String organizationId) {
        Caller caller = admin();
        return service.delete(callers.organization(caller, organizationId), id).replaceWith(Response.noContent().build());
    }

    private Caller admin() {
        Caller caller = callers.current();
        callers.requireAdmin(caller);
        return caller;
    }
}
