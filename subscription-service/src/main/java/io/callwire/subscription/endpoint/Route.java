package io.callwire.subscription.endpoint;

import java.util.UUID;

/**
 * A key of the routing index: which events a subscription receives.
 *
 * @param organizationId the organization, or null for every organization (platform operators)
 * @param eventType      the canonical event name
 * @param entityId       the entity, or null for every entity of the event's type
 */
record Route(UUID organizationId, String eventType, UUID entityId) {
}
