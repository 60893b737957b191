package io.callwire.subscription.service;

import java.util.List;
import java.util.UUID;

import io.callwire.contract.event.EntityType;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;

/**
 * Who may subscribe to what: a pure function of the caller, its organization's grants and the
 * subscription, so that it is evaluated the same way at subscribe time and when grants change.
 */
public final class PermissionPolicy {

    private PermissionPolicy() {
    }

    /**
     * Whether the caller may receive {@code eventName} of the entity.
     *
     * @param grants           the grants of the caller's organization
     * @param entityOrganization the organization the entity belongs to; null for all organizations
     * @param entityId         the entity, or null for all entities of the type
     */
    public static boolean allows(Caller caller, List<Grant> grants, UUID entityOrganization, EntityType entityType,
                                 UUID entityId, String eventName) {
        if (caller.isPlatformAdmin()) {
            return true;
        }
        if (entityOrganization == null || !entityOrganization.equals(caller.organizationId())) {
            return false;
        }
        if (caller.isOrgAdmin()) {
            return true;
        }
        if (entityType == EntityType.USER && entityId != null
                && caller.subjectId().map(entityId::equals).orElse(false)) {
            return true;
        }
        return grants.stream().anyMatch(grant -> grant.organizationId().equals(caller.organizationId())
                && grant.appliesTo(caller) && grant.covers(entityType, entityId, eventName));
    }
}
