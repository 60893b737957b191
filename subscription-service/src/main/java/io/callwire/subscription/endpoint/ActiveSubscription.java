package io.callwire.subscription.endpoint;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.subscription.Subscription;

/**
 * A subscription held by a connection, with the bytes that precede the event data in every
 * {@code MessageReceived} record it gets: the record differs between recipients only in the
 * subscription, so it is encoded once here and the event's data once per event.
 */
final class ActiveSubscription {

    private static final byte[] HEAD =
            "{\"type\":1,\"target\":\"MessageReceived\",\"arguments\":[{\"subscription\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = ",\"data\":".getBytes(StandardCharsets.UTF_8);

    /** What follows the event data: closes the argument, the arguments and the record. */
    static final byte[] TAIL = "}]}\u001e".getBytes(StandardCharsets.UTF_8);

    private final Subscription subscription;
    private final HubConnection connection;
    private final Route route;
    private final byte[] prefix;

    ActiveSubscription(Subscription subscription, HubConnection connection, ObjectMapper mapper) {
        this.subscription = subscription;
        this.connection = connection;
        this.route = new Route(subscription.allRootEntities() ? null : subscription.organizationId(),
                subscription.eventType(), subscription.entityId());
        try {
            byte[] json = mapper.writeValueAsBytes(subscription);
            byte[] bytes = new byte[HEAD.length + json.length + DATA.length];
            System.arraycopy(HEAD, 0, bytes, 0, HEAD.length);
            System.arraycopy(json, 0, bytes, HEAD.length, json.length);
            System.arraycopy(DATA, 0, bytes, HEAD.length + json.length, DATA.length);
            this.prefix = bytes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Subscription subscription() {
        return subscription;
    }

    HubConnection connection() {
        return connection;
    }

    Route route() {
        return route;
    }

    byte[] prefix() {
        return prefix;
    }
}
