package io.callwire.subscription.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.smallrye.mutiny.Uni;

/**
 * The grants a stream that receives every event it may see (the Socket.IO stream) reads to know
 * which entities to subscribe to one by one where its caller may not see all of them; the decisions
 * themselves are {@code /rte}'s ({@link SubscriptionService}, {@link PermissionPolicy}).
 */
@ApplicationScoped
public class StreamPermissions {

    private final GrantCache grants;

    public StreamPermissions(GrantCache grants) {
        this.grants = grants;
    }

    /** The grants that matter to the caller: none for administrators, who need none. */
    public Uni<List<Grant>> grantsFor(Caller caller) {
        return caller.isPlatformAdmin() || caller.isOrgAdmin() ? Uni.createFrom().item(List.of())
                : grants.grantsOf(caller.organizationId());
    }
}
