package io.callwire.subscription.service;

import io.callwire.subscription.Subscription;
import io.callwire.subscription.SubscriptionResult;

/**
 * The outcome of validating one requested item: the result to return, and, when allowed, the
 * subscription to create (its id is assigned when the connection adds it).
 */
public record SubscriptionDecision(SubscriptionRequest request, SubscriptionResult rejection, Subscription allowed) {

    static SubscriptionDecision reject(SubscriptionRequest request, String message) {
        return new SubscriptionDecision(request,
                new SubscriptionResult(false, message, request.entityId(), request.echoedEventName()), null);
    }

    static SubscriptionDecision allow(SubscriptionRequest request, Subscription subscription) {
        return new SubscriptionDecision(request, null, subscription);
    }

    /** Whether the item may be subscribed. */
    public boolean isAllowed() {
        return allowed != null;
    }
}
