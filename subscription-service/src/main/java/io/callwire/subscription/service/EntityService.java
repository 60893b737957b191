package io.callwire.subscription.service;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.Caller;
import io.callwire.subscription.PermissionChange;
import io.callwire.subscription.RegisteredEntity;
import io.callwire.subscription.repository.EntityRepository;
import io.callwire.support.rest.Page;
import io.smallrye.mutiny.Uni;

/** The entity registry: users, queues and call lists that can be subscribed to, per organization. */
@ApplicationScoped
public class EntityService {

    private final EntityRepository repository;
    private final PermissionChanges changes;

    public EntityService(EntityRepository repository, PermissionChanges changes) {
        this.repository = repository;
        this.changes = changes;
    }

    /** A page of the organization's entities. */
    public Uni<Page<RegisteredEntity>> list(UUID organizationId, Optional<EntityType> type, int page, int size) {
        return Uni.combine().all().unis(repository.list(organizationId, type, page * size, size),
                repository.count(organizationId, type)).asTuple()
                .map(both -> new Page<>(both.getItem1(), page, size, both.getItem2()));
    }

    /** One entity of the organization; 404 for another organization's. */
    public Uni<RegisteredEntity> get(UUID organizationId, UUID id) {
        return repository.find(organizationId, id)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Entity " + id)));
    }

    /** Registers an entity; 409 if the id is already registered (in any organization, without saying which). */
    public Uni<RegisteredEntity> create(UUID organizationId, EntityType type, UUID id, String name) {
        RegisteredEntity entity = new RegisteredEntity(id == null ? UUID.randomUUID() : id, organizationId, type, name,
                RegisteredEntity.SOURCE_API, Instant.now());
        return repository.insertIfAbsent(entity).map(inserted -> {
            if (!inserted) {
                throw ProblemException.conflict("An entity with id " + entity.id() + " is already registered");
            }
            return entity;
        });
    }

    /** Removes an entity of the organization; open subscriptions to it end. 404 for another organization's. */
    public Uni<Void> delete(UUID organizationId, UUID id) {
        return repository.delete(organizationId, id).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("Entity " + id);
            }
            return changes.publish(new PermissionChange(organizationId, null, id, PermissionChange.ENTITY_DELETED,
                    Instant.now()));
        });
    }

    /** Registers the entity an event names, the first time it is seen. */
    public Uni<Void> registerFromEvent(EventEnvelope event) {
        return repository.insertIfAbsent(new RegisteredEntity(event.entityId(), event.organizationId(), event.entityType(),
                null, RegisteredEntity.SOURCE_EVENT, Instant.now())).replaceWithVoid();
    }

    /** Registers a connecting user (not machine clients) as a User entity of its organization. */
    public Uni<Void> registerFromToken(Caller caller) {
        if (caller.roles().contains(Roles.INTEGRATION) || caller.subjectId().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // written with the other registrations of the moment: a storm of connects is one batch, not a statement each
        return repository.register(new RegisteredEntity(caller.subjectId().get(), caller.organizationId(),
                EntityType.USER, caller.upn(), RegisteredEntity.SOURCE_TOKEN, Instant.now()));
    }
}
