package io.callwire.subscription.service;

import java.util.UUID;

import io.callwire.subscription.Subscription;

/**
 * A key of the routing index: which events a subscription receives.
 *
 * @param organizationId the organization, or null for every organization (platform operators)
 * @param eventType      the canonical event name
 * @param entityId       the entity, or null for every entity of the event's type
 */
public record Route(UUID organizationId, String eventType, UUID entityId) {

    /** The route of a subscription. */
    public static Route of(Subscription subscription) {
        return new Route(subscription.allRootEntities() ? null : subscription.organizationId(),
                subscription.eventType(), subscription.entityId());
    }
}
