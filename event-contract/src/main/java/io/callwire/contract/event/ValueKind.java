package io.callwire.contract.event;

/**
 * How the value of an event field is represented in JSON. Derived from the reference document's
 * type text: {@code Guid} is {@link #GUID}, {@code int}/{@code short}/{@code byte} are
 * {@link #INTEGER}, {@code long}/{@code uint} are {@link #LONG}, {@code float} is {@link #DECIMAL},
 * {@code DateTime} is {@link #DATETIME}, {@code List<X>} is {@link #LIST}, {@code Dictionary<..>}
 * and nested types are {@link #OBJECT}. Enums of the core (e.g. {@code WrapUpType},
 * {@code CallEventPublicityCategory}) take the kind their example in the document shows:
 * a number ({@link #INTEGER}) or a name ({@link #STRING}).
 */
public enum ValueKind {
    /** A GUID string, {@code 8-4-4-4-12} hexadecimal digits. */
    GUID,
    /** A JSON string. */
    STRING,
    /** A JSON integer within the range of a 32-bit int. */
    INTEGER,
    /** A JSON integer within the range of a 64-bit long. */
    LONG,
    /** Any JSON number. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** An ISO-8601 date-time string, with or without offset (the core also sends local times). */
    DATETIME,
    /** A JSON object: a nested type or a string dictionary. */
    OBJECT,
    /** A JSON array of a nested type. */
    LIST
}
