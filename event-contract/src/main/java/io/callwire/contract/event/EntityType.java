package io.callwire.contract.event;

import java.util.Optional;

/**
 * The entity an event is about, as the header field {@code EntityType} names it. The entity id of
 * an event is a user id, a queue id or a call-list id accordingly.
 */
public enum EntityType {
    /** A user (agent, supervisor): {@code EntityId} is the user id. */
    USER("User"),
    /** A service queue: {@code EntityId} is the queue id. */
    QUEUE("Queue"),
    /** A callback list: {@code EntityId} is the call-list id. */
    CALL_LIST("CallList");

    private final String wireName;

    EntityType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in the reference document: {@code User}, {@code Queue}, {@code CallList}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The entity type with this wire name, compared case-insensitively ({@code "queue"} and
     * {@code "Queue"} both match); empty for null or anything else.
     */
    public static Optional<EntityType> fromWire(String name) {
        if (name != null) {
            for (EntityType type : values()) {
                if (type.wireName.equalsIgnoreCase(name)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }
}
