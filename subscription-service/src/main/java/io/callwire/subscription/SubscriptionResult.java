package io.callwire.subscription;

/**
 * The outcome of one item of {@code Subscribe} or {@code Unsubscribe}, as in the reference document.
 *
 * @param subscribed whether the subscription exists after the call
 * @param message    null on success, else why ({@code Invalid EntityId}, {@code Invalid event name},
 *                   {@code Unauthorized}, ...)
 * @param entityId   the entity id as the client sent it
 * @param eventName  the event name as the client sent it, in lower case
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record SubscriptionResult(boolean subscribed, String message, String entityId, String eventName) {

    /** The document's message for an EntityId that is not a GUID. */
    public static final String INVALID_ENTITY_ID = "Invalid EntityId";
    /** The document's message for an unknown event, or one not of the entity's type. */
    public static final String INVALID_EVENT_NAME = "Invalid event name";
    /** The document's message for a subscription the caller may not make. */
    public static final String UNAUTHORIZED = "Unauthorized";
}
