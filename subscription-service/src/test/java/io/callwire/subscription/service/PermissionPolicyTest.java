package io.callwire.subscription.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.subscription.PrincipalType;

/** The permission rules, one at a time. */
class PermissionPolicyTest {

    private static final UUID ORG = UUID.randomUUID();
    private static final UUID OTHER_ORG = UUID.randomUUID();
    private static final UUID QUEUE = UUID.randomUUID();

    private static Caller caller(UUID subject, String... roles) {
        return new Caller(subject.toString(), ORG, "u@test", Set.of(roles), "jti", Instant.now(),
                Instant.now().plusSeconds(3600), Optional.empty());
    }

    private static Grant grant(PrincipalType type, String principal, EntityType entityType, UUID entityId, String... events) {
        return new Grant(UUID.randomUUID(), ORG, type, principal, entityType, entityId, List.of(events), Instant.now(), Instant.now());
    }

    @Test
    void everyUserMaySubscribeToItsOwnUserEntityOnly() {
        UUID me = UUID.randomUUID();
        Caller agent = caller(me, Roles.AGENT);
        assertThat(PermissionPolicy.allows(agent, List.of(), ORG, EntityType.USER, me, "UserStatus")).isTrue();
        assertThat(PermissionPolicy.allows(agent, List.of(), ORG, EntityType.USER, UUID.randomUUID(), "UserStatus")).isFalse();
        assertThat(PermissionPolicy.allows(agent, List.of(), ORG, EntityType.USER, null, "UserStatus")).isFalse();
    }

    @Test
    void orgAdminsMaySubscribeToEverythingInTheirOrganizationOnly() {
        Caller admin = caller(UUID.randomUUID(), Roles.ORG_ADMIN);
        assertThat(PermissionPolicy.allows(admin, List.of(), ORG, EntityType.QUEUE, null, "QueueStatus")).isTrue();
        assertThat(PermissionPolicy.allows(admin, List.of(), OTHER_ORG, EntityType.QUEUE, QUEUE, "QueueStatus")).isFalse();
        assertThat(PermissionPolicy.allows(admin, List.of(), null, EntityType.QUEUE, null, "QueueStatus")).isFalse();
    }

    @Test
    void platformAdminsMaySubscribeToEveryOrganization() {
        Caller root = caller(UUID.randomUUID(), Roles.PLATFORM_ADMIN);
        assertThat(PermissionPolicy.allows(root, List.of(), OTHER_ORG, EntityType.QUEUE, QUEUE, "QueueStatus")).isTrue();
        assertThat(PermissionPolicy.allows(root, List.of(), null, EntityType.CALL_LIST, null, "CallbackChanged")).isTrue();
    }

    @Test
    void grantsMatchPrincipalEntityAndEvents() {
        UUID me = UUID.randomUUID();
        Caller supervisor = caller(me, Roles.SUPERVISOR);
        List<Grant> byRole = List.of(grant(PrincipalType.ROLE, Roles.SUPERVISOR, EntityType.QUEUE, QUEUE, "QueueStatus"));
        assertThat(PermissionPolicy.allows(supervisor, byRole, ORG, EntityType.QUEUE, QUEUE, "queuestatus")).isTrue();
        assertThat(PermissionPolicy.allows(supervisor, byRole, ORG, EntityType.QUEUE, UUID.randomUUID(), "QueueStatus")).isFalse();
        assertThat(PermissionPolicy.allows(supervisor, byRole, ORG, EntityType.QUEUE, null, "QueueStatus"))
                .as("a grant on one queue does not cover all queues").isFalse();
        assertThat(PermissionPolicy.allows(caller(me, Roles.AGENT), byRole, ORG, EntityType.QUEUE, QUEUE, "QueueStatus")).isFalse();

        List<Grant> allQueuesForMe = List.of(grant(PrincipalType.USER, me.toString(), EntityType.QUEUE, null));
        assertThat(PermissionPolicy.allows(caller(me), allQueuesForMe, ORG, EntityType.QUEUE, null, "QueueStatus")).isTrue();
        assertThat(PermissionPolicy.allows(caller(me), allQueuesForMe, ORG, EntityType.QUEUE, QUEUE, "QueueStatus")).isTrue();
        assertThat(PermissionPolicy.allows(caller(me), allQueuesForMe, ORG, EntityType.CALL_LIST, null, "CallbackChanged")).isFalse();
        assertThat(PermissionPolicy.allows(caller(me), allQueuesForMe, OTHER_ORG, EntityType.QUEUE, QUEUE, "QueueStatus")).isFalse();
    }
}
