package io.callwire.subscription.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;



import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.subscription.Grant;
import io.callwire.subscription.Guid;
import io.callwire.subscription.PermissionChange;
import io.callwire.subscription.PrincipalType;
import io.callwire.subscription.repository.EntityRepository;
import io.callwire.subscription.repository.GrantRepository;
import io.callwire.support.rest.Page;
import io.smallrye.mutiny.Uni;

/**
 * Permission grants of an organization. Updates and deletions are announced through
 * {@link PermissionChanges} after they are committed.
 */
@ApplicationScoped
public class PermissionService {

    private final GrantRepository repository;
    private final EventCatalog catalog;
    private final PermissionChanges changes;
    private final EntityRepository entities;
    private final GrantCache cache;

    public PermissionService(GrantRepository repository, EventCatalog catalog, PermissionChanges changes, EntityRepository entities,
                             GrantCache cache) {
        this.repository = repository;
        this.cache = cache;
        this.entities = entities;
        this.catalog = catalog;
        this.changes = changes;
    }

    /**
     * What an org-admin asks for.
     *
     * @param principalType {@code USER} or {@code ROLE}
     * @param principal     the user's GUID or the role name
     * @param entityType    {@code User}, {@code Queue} or {@code CallList}
     * @param entityId      one entity or null for all of the type
     * @param events        event names of that entity type; empty for all
     */
    public record GrantSpec(String principalType, String principal, String entityType, UUID entityId, List<String> events) {
    }

    /** A page of the organization's grants. */
    public Uni<Page<Grant>> list(UUID organizationId, int page, int size) {
        return Uni.combine().all().unis(repository.list(organizationId, page * size, size),
                repository.count(organizationId)).asTuple()
                .map(both -> new Page<>(both.getItem1(), page, size, both.getItem2()));
    }

    /** One grant of the organization; 404 for another organization's. */
    public Uni<Grant> get(UUID organizationId, UUID id) {
        return repository.find(organizationId, id)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Grant " + id)));
    }

    /** Creates a grant; the organization's Socket.IO streams start receiving what it allows. */
    public Uni<Grant> create(UUID organizationId, GrantSpec spec) {
        Instant now = Instant.now();
        Grant candidate = validated(UUID.randomUUID(), organizationId, spec, now, now);
        return notAnotherOrganizations(candidate).chain(repository::insert)
                .invoke(() -> cache.invalidate(organizationId))
                .call(grant -> changes.publish(new PermissionChange(organizationId, grant.id(), null, PermissionChange.CREATED, now)));
    }

    /** Replaces a grant; open connections lose what it no longer allows. */
    public Uni<Grant> update(UUID organizationId, UUID id, GrantSpec spec) {
        return get(organizationId, id).chain(existing -> {
            Grant grant = validated(id, organizationId, spec, existing.createdAt(), Instant.now());
            return notAnotherOrganizations(grant).chain(repository::update).chain(updated -> {
                if (!updated) {
                    throw ProblemException.notFound("Grant " + id);
                }
                cache.invalidate(organizationId);
                return changes.publish(new PermissionChange(organizationId, id, null, PermissionChange.UPDATED, Instant.now()));
            }).replaceWith(grant);
        });
    }

    /** Deletes a grant; open connections lose what it allowed. */
    public Uni<Void> delete(UUID organizationId, UUID id) {
        return repository.delete(organizationId, id).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("Grant " + id);
            }
            cache.invalidate(organizationId);
            return changes.publish(new PermissionChange(organizationId, id, null, PermissionChange.DELETED, Instant.now()));
        });
    }

    /**
     * The grant, unless it names an entity registered to another organization: that entity is not
     * found here, as at {@code GET /api/v1/entities/{id}}. (An id registered nowhere yet may be granted
     * ahead of its first event.)
     */
    private Uni<Grant> notAnotherOrganizations(Grant grant) {
        if (grant.entityId() == null) {
            return Uni.createFrom().item(grant);
        }
        return entities.findByIds(List.of(grant.entityId())).map(found -> {
            if (found.stream().anyMatch(entity -> !entity.organizationId().equals(grant.organizationId()))) {
                throw ProblemException.notFound("Entity " + grant.entityId());
            }
            return grant;
        });
    }

    private Grant validated(UUID id, UUID organizationId, GrantSpec spec, Instant createdAt, Instant updatedAt) {
        if (spec == null) {
            throw ProblemException.badRequest("A grant is required");
        }
        PrincipalType principalType;
        try {
            principalType = PrincipalType.valueOf(String.valueOf(spec.principalType()).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("principalType must be USER or ROLE");
        }
        if (spec.principal() == null || spec.principal().isBlank() || spec.principal().length() > 200) {
            throw ProblemException.badRequest("principal is required (a user GUID or a role name)");
        }
        String principal = spec.principal().trim();
        if (principalType == PrincipalType.USER) {
            principal = Guid.parse(principal).map(UUID::toString)
                    .orElseThrow(() -> ProblemException.badRequest("principal of a USER grant must be the user's GUID"));
        }
        EntityType entityType = EntityType.fromWire(spec.entityType())
                .orElseThrow(() -> ProblemException.badRequest("entityType must be User, Queue or CallList"));
        LinkedHashSet<String> events = new LinkedHashSet<>();
        for (String name : Optional.ofNullable(spec.events()).orElse(List.of())) {
            EventDefinition event = catalog.find(name)
                    .orElseThrow(() -> ProblemException.badRequest("Unknown event name: " + name));
            if (event.entityType() != entityType) {
                throw ProblemException.badRequest(event.name() + " is not an event of entity type " + entityType.wireName());
            }
            events.add(event.name());
        }
        return new Grant(id, organizationId, principalType, principal, entityType, spec.entityId(),
                new ArrayList<>(events), createdAt, updatedAt);
    }
}
