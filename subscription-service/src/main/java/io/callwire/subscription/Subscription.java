package io.callwire.subscription;

import java.util.UUID;

/**
 * One active subscription of a connection, exactly as the reference document's {@code Subscription}
 * object (camelCase on the wire): returned by {@code ActiveSubscriptions} and sent with every
 * {@code MessageReceived}.
 *
 * @param id              subscription id
 * @param allRootEntities true when the subscription covers every organization (platform operators)
 * @param rootEntityId    the organization the subscription is in (null when all root entities)
 * @param rootEntityType  always {@code Organization}
 * @param organizationId  same as rootEntityId
 * @param eventType       canonical event name, e.g. {@code QueueStatus}
 * @param entityType      {@code User}, {@code Queue} or {@code CallList}
 * @param entityId        the entity, null when the subscription covers all entities of the type
 * @param allEntities     true when the subscription covers all entities of the type
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record Subscription(UUID id, boolean allRootEntities, UUID rootEntityId, String rootEntityType,
                           UUID organizationId, String eventType, String entityType, UUID entityId,
                           boolean allEntities) {

    /** The root entity type of every subscription. */
    public static final String ORGANIZATION = "Organization";
}
