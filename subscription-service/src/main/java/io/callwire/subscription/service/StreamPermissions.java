package io.callwire.subscription.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.event.EntityType;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.subscription.repository.GrantRepository;
import io.smallrye.mutiny.Uni;

/**
 * The permission rules of {@code /rte} for streams that receive every event they may see rather
 * than the events they subscribe to (the Socket.IO stream): the same {@link PermissionPolicy}, asked
 * per event with the grants the stream holds.
 */
@ApplicationScoped
public class StreamPermissions {

    private final GrantRepository grants;

    public StreamPermissions(GrantRepository grants) {
        this.grants = grants;
    }

    /** The grants that matter to the caller: none for administrators, who need none. */
    public Uni<List<Grant>> grantsFor(Caller caller) {
        return caller.isPlatformAdmin() || caller.isOrgAdmin() ? Uni.createFrom().item(List.of())
                : grants.findByOrganization(caller.organizationId());
    }

    /** Whether the caller may see this event of its organization ({@code /rte}'s rules). */
    public static boolean allows(Caller caller, List<Grant> grants, UUID organizationId, EntityType entityType,
                                 UUID entityId, String eventName) {
        return PermissionPolicy.allows(caller, grants, organizationId, entityType, entityId, eventName);
    }
}
