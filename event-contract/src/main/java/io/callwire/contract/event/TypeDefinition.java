package io.callwire.contract.event;

import java.util.List;
import java.util.Optional;

/**
 * A nested type of the reference document (its {@code Misc:} sections), e.g.
 * {@code CallbackAttempt}, used by {@link ValueKind#OBJECT} and {@link ValueKind#LIST} fields.
 *
 * @param name        the type name
 * @param description the document's description, possibly empty
 * @param fields      the fields in document order (immutable)
 */
public record TypeDefinition(String name, String description, List<EventField> fields) {

    /** Copies the field list so the definition stays immutable. */
    public TypeDefinition {
        fields = List.copyOf(fields);
        description = description == null ? "" : description;
    }

    /** The field with this name, compared case-insensitively. */
    public Optional<EventField> field(String fieldName) {
        for (EventField field : fields) {
            if (field.name().equalsIgnoreCase(fieldName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
