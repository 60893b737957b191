package io.callwire.subscription.rest;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.callwire.contract.event.EntityType;
import io.callwire.subscription.Caller;
import io.callwire.subscription.RegisteredEntity;
import io.callwire.subscription.service.EntityService;
import io.callwire.support.rest.Page;
import io.callwire.subscription.service.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The entity registry of an organization: Users, Queues and CallLists that can be subscribed to. */
@Path("/api/v1/entities")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class EntityResource {

    /**
     * A registered entity.
     *
     * @param id             its GUID
     * @param organizationId its organization
     * @param entityType     {@code User}, {@code Queue} or {@code CallList}
     * @param name           display name, may be null
     * @param source         {@code API}, {@code EVENT} or {@code TOKEN}
     * @param createdAt      when it was registered
     */
    public record EntityView(UUID id, UUID organizationId, String entityType, String name, String source, Instant createdAt) {
        static EntityView of(RegisteredEntity e) {
            return new EntityView(e.id(), e.organizationId(), e.entityType().wireName(), e.name(), e.source(), e.createdAt());
        }
    }

    /**
     * A new entity.
     *
     * @param entityType {@code Queue}, {@code CallList} or {@code User}
     * @param id         its GUID in the contact-center core; generated when omitted
     * @param name       display name
     */
    public record NewEntity(@NotBlank String entityType, UUID id, @Size(max = 200) String name) {
    }

    private final EntityService service;
    private final Callers callers;

    public EntityResource(EntityService service, Callers callers) {
        this.service = service;
        this.callers = callers;
    }

    @GET
    public Uni<Page<EntityView>> list(@QueryParam("type") String type, @QueryParam("organizationId") String organizationId,
                                      @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Caller caller = callers.current();
        UUID organization = callers.organization(caller, organizationId);
        Optional<EntityType> entityType = Optional.ofNullable(type).map(t -> EntityType.fromWire(t)
                .orElseThrow(() -> ProblemException.badRequest("type must be User, Queue or CallList")));
        return service.list(organization, entityType, page, size)
                .map(p -> new Page<>(p.items().stream().map(EntityView::of).toList(), p.page(), p.size(), p.total()));
    }

    @GET
    @Path("{id}")
    public Uni<EntityView> get(@PathParam("id") UUID id, @QueryParam("organizationId") String organizationId) {
        Caller caller = callers.current();
        return service.get(callers.organization(caller, organizationId), id).map(EntityView::of);
    }

    @POST
    public Uni<Response> create(@jakarta.validation.Valid NewEntity request, @QueryParam("organizationId") String organizationId) {
        Caller caller = callers.current();
        callers.requireAdmin(caller);
        if (request == null) {
            throw ProblemException.badRequest("An entity is required");
        }
        EntityType type = EntityType.fromWire(request.entityType())
                .orElseThrow(() -> ProblemException.badRequest("entityType must be User, Queue or CallList"));
        return service.create(callers.organization(caller, organizationId), type, request.id(), request.name())
                .map(entity -> Response.created(URI.create("/api/v1/entities/" + entity.id()))
                        .entity(EntityView.of(entity)).build());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id, @QueryParam("organizationId") String organizationId) {
        Caller caller = callers.current();
        callers.requireAdmin(caller);
        return service.delete(callers.organization(caller, organizationId), id).replaceWith(Response.noContent().build());
    }
}
