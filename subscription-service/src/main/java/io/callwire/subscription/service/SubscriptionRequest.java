package io.callwire.subscription.service;

/**
 * One {@code EntitySubscription} item as the client sent it.
 *
 * @param entityId    the {@code EntityId} text; null when omitted or null (all entities); a non-string
 *                    value arrives as its JSON text and fails validation
 * @param eventName   the {@code EventName} text, null when missing or not a string
 */
public record SubscriptionRequest(String entityId, String eventName) {

    /** The event name as results echo it: lower case, as in the reference document's examples. */
    public String echoedEventName() {
        return eventName == null ? null : eventName.toLowerCase(java.util.Locale.ROOT);
    }
}
