package io.callwire.contract.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event: the common header of the reference document and the event's own fields.
 *
 * <p>The {@code fields} node is shared, not copied, so that decoding stays cheap on the hot path:
 * treat it as read-only once the envelope is built.
 *
 * @param rootEntityType    always {@code Organization}
 * @param rootEntityId      the tenant's organization GUID
 * @param eventType         the event name as sent (e.g. {@code UserStatus})
 * @param entityType        the entity the event is about
 * @param entityId          the user, queue or call-list GUID
 * @param id                the GUID of this event, unique per event (the same on redelivery)
 * @param timestamp         when the event happened
 * @param messageTtlSeconds how long the event stays meaningful, {@code -1} for no expiry
 * @param fields            the event's own fields, PascalCase, including ones the catalog does not know
 */
public record EventEnvelope(String rootEntityType, UUID rootEntityId, String eventType, EntityType entityType,
                            UUID entityId, UUID id, Instant timestamp, long messageTtlSeconds,
                            ObjectNode fields) {

    /** The only root entity type of the document. */
    public static final String ORGANIZATION = "Organization";

    /** Header field name. */
    public static final String ROOT_ENTITY_TYPE = "RootEntityType";
    /** Header field name. */
    public static final String ROOT_ENTITY_ID = "RootEntityId";
    /** Header field name. */
    public static final String EVENT_TYPE = "EventType";
    /** Header field name. */
    public static final String ENTITY_TYPE = "EntityType";
    /** Header field name. */
    public static final String ENTITY_ID = "EntityId";
    /** Header field name. */
    public static final String ID = "Id";
    /** Header field name. */
    public static final String TIMESTAMP = "Timestamp";
    /** Header field name. */
    public static final String MESSAGE_TTL_SECONDS = "MessageTTLSeconds";

    /** Checks the required components; a null {@code fields} becomes an empty object. */
    public EventEnvelope {
        rootEntityType = rootEntityType == null ? ORGANIZATION : rootEntityType;
        Objects.requireNonNull(rootEntityId, ROOT_ENTITY_ID);
        Objects.requireNonNull(eventType, EVENT_TYPE);
        Objects.requireNonNull(entityType, ENTITY_TYPE);
        Objects.requireNonNull(entityId, ENTITY_ID);
        Objects.requireNonNull(id, ID);
        Objects.requireNonNull(timestamp, TIMESTAMP);
        fields = fields == null ? Json.NODES.objectNode() : fields;
    }

    /**
     * A new event of an organization with a random id.
     *
     * @param organizationId    the tenant (becomes {@code RootEntityId})
     * @param eventType         the event name
     * @param entityType        the entity type
     * @param entityId          the entity id
     * @param timestamp         when it happened
     * @param messageTtlSeconds -1 for no expiry
     * @param fields            the event's own fields (PascalCase)
     */
    public static EventEnvelope create(UUID organizationId, String eventType, EntityType entityType, UUID entityId,
                                       Instant timestamp, long messageTtlSeconds, ObjectNode fields) {
        return new EventEnvelope(ORGANIZATION, organizationId, eventType, entityType, entityId, UUID.randomUUID(),
                timestamp, messageTtlSeconds, fields);
    }

    /** A new, empty node for the own fields of an event being built. */
    public static ObjectNode newFields() {
        return Json.NODES.objectNode();
    }

    /** The tenant this event belongs to (= {@link #rootEntityId()}). */
    public UUID organizationId() {
        return rootEntityId;
    }

    /** When the event stops being meaningful; empty when {@code messageTtlSeconds < 0} (no expiry). */
    public Optional<Instant> expiresAt() {
        return messageTtlSeconds < 0 ? Optional.empty() : Optional.of(timestamp.plusSeconds(messageTtlSeconds));
    }

    /** Whether the event is past its TTL at {@code now} (never, without a TTL). */
    public boolean isExpiredAt(Instant now) {
        return messageTtlSeconds >= 0 && now.isAfter(timestamp.plusSeconds(messageTtlSeconds));
    }
}
