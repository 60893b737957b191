package io.callwire.contract.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of the catalog: its name, the entity type it is published for, and its own fields
 * (the envelope header fields are not repeated here).
 *
 * @param name        the canonical name, as sent in {@code EventType} (PascalCase)
 * @param entityType  the only entity type this event exists for
 * @param description the document's description
 * @param fields      the event's own fields in document order (immutable)
 * @param example     the document's example payload (whole envelope, PascalCase), or {@code null}
 *                    where the document has none ({@code UserWrapUpRequestInitiate}); the accessor
 *                    returns a copy
 */
public record EventDefinition(String name, EntityType entityType, String description, List<EventField> fields,
                              ObjectNode example) {

    /** Copies the field list so the definition stays immutable. */
    public EventDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entityType, "entityType");
        fields = List.copyOf(fields);
        description = description == null ? "" : description;
        example = example == null ? null : example.deepCopy();
    }

    /** A copy of the document's example payload, or {@code null} when the document shows none. */
    @Override
    public ObjectNode example() {
        return example == null ? null : example.deepCopy();
    }

    /** The own field with this name, compared case-insensitively. */
    public Optional<EventField> field(String fieldName) {
        for (EventField field : fields) {
            if (field.name().equalsIgnoreCase(fieldName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code MessageTTLSeconds} the document's example uses for this event: 60 for the status
     * events, 120 for {@code CallbackChanged}, -1 (no expiry) otherwise.
     */
    public long exampleTtlSeconds() {
        if (example == null) {
            return -1;
        }
        JsonNode ttl = example.get(EventEnvelope.MESSAGE_TTL_SECONDS);
        return ttl != null && ttl.canConvertToLong() ? ttl.asLong() : -1;
    }

    /** Whether the document's example writes {@code MessageTTLSeconds} right after {@code EntityId}. */
    boolean ttlAfterEntityId() {
        if (example == null) {
            return false;
        }
        var names = example.fieldNames();
        String previous = null;
        while (names.hasNext()) {
            String current = names.next();
            if (EventEnvelope.MESSAGE_TTL_SECONDS.equals(current)) {
                return EventEnvelope.ENTITY_ID.equals(previous);
            }
            previous = current;
        }
        return false;
    }
}
