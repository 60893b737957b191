package io.callwire.contract.event;

import java.util.Objects;

/**
 * One field of an event (or of a nested type) as the reference document declares it.
 *
 * @param name        the name as in the document, PascalCase (e.g. {@code QueueId})
 * @param type        the document's type text (e.g. {@code Guid?}, {@code List<CallbackAttempt>})
 * @param kind        how the value is represented in JSON
 * @param nullable    whether the type is marked nullable ({@code ?}) in the document
 * @param elementType the nested type name for {@link ValueKind#OBJECT} / {@link ValueKind#LIST}
 *                    fields that have one ({@code CallbackAttempt}); {@code null} otherwise
 * @param description the document's description, possibly empty
 */
public record EventField(String name, String type, ValueKind kind, boolean nullable, String elementType,
                         String description) {

    /** Validates the required components. */
    public EventField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        description = description == null ? "" : description;
    }

    /**
     * Whether JSON {@code null} is an acceptable value: the type is marked nullable, or it is a
     * reference type of the core ({@code string}, lists, dictionaries, nested objects), which the
     * document's examples show as {@code null} too.
     */
    public boolean acceptsNull() {
        return nullable || kind == ValueKind.STRING || kind == ValueKind.OBJECT || kind == ValueKind.LIST;
    }
}
