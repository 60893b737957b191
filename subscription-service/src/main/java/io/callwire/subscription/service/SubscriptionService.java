package io.callwire.subscription.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.subscription.Guid;
import io.callwire.subscription.RegisteredEntity;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.SubscriptionResult;
import io.callwire.subscription.repository.EntityRepository;
import io.smallrye.mutiny.Uni;

/**
 * Validates {@code Subscribe} items in the reference document's order (GUID, event name, permission)
 * with its messages. One database read for the entities of a whole call, shared with the calls made
 * at the same moment ({@link EntityRepository#findByIds}), and the organization's grants from the
 * {@link GrantCache}, whatever the number of items.
 */
@ApplicationScoped
public class SubscriptionService {

    private final EventCatalog catalog;
    private final EntityRepository entities;
    private final GrantCache grants;

    public SubscriptionService(EventCatalog catalog, EntityRepository entities, GrantCache grants) {
        this.catalog = catalog;
        this.entities = entities;
        this.grants = grants;
    }

    /** Decides every item; one bad item never affects the others. */
    public Uni<List<SubscriptionDecision>> decide(Caller caller, List<SubscriptionRequest> requests) {
        Set<UUID> lookups = new HashSet<>();
        for (SubscriptionRequest request : requests) {
            if (request.entityId() != null) {
                Guid.parse(request.entityId()).filter(id -> !isOwnUser(caller, id)).ifPresent(lookups::add);
            }
        }
        Uni<List<RegisteredEntity>> known = entities.findByIds(lookups);
        Uni<List<Grant>> granted = caller.isPlatformAdmin() || caller.isOrgAdmin()
                ? Uni.createFrom().item(List.of())
                : grants.grantsOf(caller.organizationId());
        return Uni.combine().all().unis(known, granted).asTuple().map(both -> {
            Map<UUID, RegisteredEntity> byId = new HashMap<>();
            both.getItem1().forEach(entity -> byId.put(entity.id(), entity));
            List<SubscriptionDecision> decisions = new ArrayList<>(requests.size());
            for (SubscriptionRequest request : requests) {
                decisions.add(decide(caller, request, byId, both.getItem2()));
            }
            return decisions;
        });
    }

    /**
     * Validates the syntax of an item (GUID and event name) without permission checks, as
     * {@code Unsubscribe} needs: the canonical event and the entity id (null for all entities).
     */
    public Optional<String> syntaxError(SubscriptionRequest request) {
        if (request.entityId() != null && Guid.parse(request.entityId()).isEmpty()) {
            return Optional.of(SubscriptionResult.INVALID_ENTITY_ID);
        }
        if (request.eventName() == null || catalog.find(request.eventName()).isEmpty()) {
            return Optional.of(SubscriptionResult.INVALID_EVENT_NAME);
        }
        return Optional.empty();
    }

    /** The canonical name of a catalog event, matched case-insensitively. */
    public Optional<String> canonicalEventName(String eventName) {
        return eventName == null ? Optional.empty() : catalog.find(eventName).map(EventDefinition::name);
    }

    private SubscriptionDecision decide(Caller caller, SubscriptionRequest request, Map<UUID, RegisteredEntity> known,
                                        List<Grant> grantList) {
        Optional<String> invalid = syntaxError(request);
        if (invalid.isPresent()) {
            return SubscriptionDecision.reject(request, invalid.get());
        }
        EventDefinition event = catalog.find(request.eventName()).orElseThrow();
        EntityType type = event.entityType();
        if (request.entityId() == null) {
            UUID organization = caller.isPlatformAdmin() ? null : caller.organizationId();
            if (!PermissionPolicy.allows(caller, grantList, caller.organizationId(), type, null, event.name())) {
                return SubscriptionDecision.reject(request, SubscriptionResult.UNAUTHORIZED);
            }
            return SubscriptionDecision.allow(request, new Subscription(null, organization == null, organization,
                    Subscription.ORGANIZATION, organization, event.name(), type.wireName(), null, true));
        }
        UUID entityId = Guid.parse(request.entityId()).orElseThrow();
        UUID organization;
        EntityType entityType;
        if (isOwnUser(caller, entityId)) {
            organization = caller.organizationId();
            entityType = EntityType.USER;
        } else {
            RegisteredEntity entity = known.get(entityId);
            // another organization's entity is indistinguishable from one that does not exist
            if (entity == null || (!caller.isPlatformAdmin() && !entity.organizationId().equals(caller.organizationId()))) {
                return SubscriptionDecision.reject(request, SubscriptionResult.UNAUTHORIZED);
            }
            organization = entity.organizationId();
            entityType = entity.entityType();
        }
        if (entityType != type) {
            return SubscriptionDecision.reject(request, SubscriptionResult.INVALID_EVENT_NAME);
        }
        if (!PermissionPolicy.allows(caller, grantList, organization, type, entityId, event.name())) {
            return SubscriptionDecision.reject(request, SubscriptionResult.UNAUTHORIZED);
        }
        return SubscriptionDecision.allow(request, new Subscription(null, false, organization, Subscription.ORGANIZATION,
                organization, event.name(), type.wireName(), entityId, false));
    }

    private static boolean isOwnUser(Caller caller, UUID entityId) {
        return caller.subjectId().map(entityId::equals).orElse(false);
    }
}
