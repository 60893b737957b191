package io.callwire.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.callwire.contract.event.EntityType;

/**
 * A permission grant: a principal may subscribe to events of entities of one organization.
 *
 * @param id             grant id
 * @param organizationId the organization the grant belongs to (and is limited to)
 * @param principalType  user or role
 * @param principal      the user's subject GUID or the role name
 * @param entityType     the entity type covered
 * @param entityId       one entity, or null for all entities of the type
 * @param events         canonical event names; empty for every event of the entity type
 * @param createdAt      when it was created
 * @param updatedAt      when it was last changed
 */
public record Grant(UUID id, UUID organizationId, PrincipalType principalType, String principal,
                    EntityType entityType, UUID entityId, List<String> events, Instant createdAt, Instant updatedAt) {

    /** Whether this grant names the caller, directly or through one of its roles. */
    public boolean appliesTo(Caller caller) {
        return switch (principalType) {
            case USER -> principal.equalsIgnoreCase(caller.subject());
            case ROLE -> caller.roles().contains(principal);
        };
    }

    /** Whether this grant covers the event on the entity (null entity: all entities of the type). */
    public boolean covers(EntityType type, UUID entity, String eventName) {
        if (type != entityType) {
            return false;
        }
        if (entityId != null && !entityId.equals(entity)) {
            return false;
        }
        return events.isEmpty() || events.stream().anyMatch(eventName::equalsIgnoreCase);
    }
}
