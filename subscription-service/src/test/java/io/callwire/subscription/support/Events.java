package io.callwire.subscription.support;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;

/** Publishes events to the real broker the way the contact-center core does. */
public final class Events {

    private static final EventCodec CODEC = new EventCodec();
    private static AmqpTestClient client;

    private Events() {
    }

    /** A QueueStatus event of a queue, with a 60 s TTL as in the reference document. */
    public static EventEnvelope queueStatus(UUID organization, UUID queue, int queuing) {
        ObjectNode fields = EventEnvelope.newFields();
        fields.put("QueueId", queue.toString()).put("OrganizationId", organization.toString())
                .put("QueueName", "Sales").put("NbrOfQueuingRequesters", queuing).put("MaxWaitTime", 0L);
        return EventEnvelope.create(organization, "QueueStatus", EntityType.QUEUE, queue, Instant.now(), 60, fields);
    }

    /** A UserStatus event of a user. */
    public static EventEnvelope userStatus(UUID organization, UUID user, boolean available) {
        ObjectNode fields = EventEnvelope.newFields();
        fields.put("UserId", user.toString()).put("OrganizationId", organization.toString())
                .put("Available", available).put("Talking", false).put("ServiceTerminals", 1);
        return EventEnvelope.create(organization, "UserStatus", EntityType.USER, user, Instant.now(), 60, fields);
    }

    /** Sends an event to {@code callwire.events} with the routing application properties. */
    public static void publish(EventEnvelope event) {
        publishRaw(CODEC.encodeToString(event), event.eventType(), event.entityType().wireName(), event.organizationId());
    }

    /** Sends any body to {@code callwire.events}. */
    public static synchronized void publishRaw(String json, String eventType, String entityType, UUID organization) {
        if (client == null) {
            client = AmqpTestClient.connect();
        }
        client.send(Addresses.EVENTS, json, Map.of(Addresses.PROPERTY_EVENT_TYPE, eventType,
                Addresses.PROPERTY_ENTITY_TYPE, entityType, Addresses.PROPERTY_ORGANIZATION_ID, organization.toString()));
    }

    /** Sends a body to any address. */
    public static synchronized void send(String address, String json) {
        if (client == null) {
            client = AmqpTestClient.connect();
        }
        client.send(address, json);
    }
}
