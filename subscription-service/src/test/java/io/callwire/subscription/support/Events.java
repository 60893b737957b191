package io.callwire.subscription.support;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;

/**
 * Publishes events to the real broker the way the contact-center core does: PascalCase JSON as in
 * the reference document, written by hand here so that the tests see the wire format, not the codec.
 */
public final class Events {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static AmqpTestClient client;

    private Events() {
    }

    /**
     * An event about to be published.
     *
     * @param id           its {@code Id}
     * @param organization its {@code RootEntityId}
     * @param json         the whole body (header and own fields)
     */
    public record Event(UUID id, UUID organization, ObjectNode json) {
        /** Sets an own field. */
        public Event with(String field, Object value) {
            json.set(field, MAPPER.valueToTree(value));
            return this;
        }
    }

    /** An event with the common header. */
    public static Event event(UUID organization, String eventType, String entityType, UUID entityId, Instant timestamp,
                              long ttlSeconds) {
        UUID id = UUID.randomUUID();
        ObjectNode json = MAPPER.createObjectNode()
                .put("RootEntityType", "Organization").put("RootEntityId", organization.toString())
                .put("EventType", eventType).put("EntityType", entityType).put("EntityId", entityId.toString())
                .put("Id", id.toString()).put("Timestamp", timestamp.toString()).put("MessageTTLSeconds", ttlSeconds);
        return new Event(id, organization, json);
    }

    /** A QueueStatus event of a queue, with a 60 s TTL as in the reference document. */
    public static Event queueStatus(UUID organization, UUID queue, int queuing) {
        return event(organization, "QueueStatus", "Queue", queue, Instant.now(), 60)
                .with("QueueId", queue.toString()).with("OrganizationId", organization.toString())
                .with("QueueName", "Sales").with("NbrOfQueuingRequesters", queuing).with("MaxWaitTime", 0L);
    }

    /** A UserStatus event of a user. */
    public static Event userStatus(UUID organization, UUID user, boolean available) {
        return event(organization, "UserStatus", "User", user, Instant.now(), 60)
                .with("UserId", user.toString()).with("OrganizationId", organization.toString())
                .with("Available", available).with("Talking", false).with("ServiceTerminals", 1);
    }

    /** Sends an event to {@code callwire.events} with the routing application properties. */
    public static void publish(Event event) {
        publishRaw(event.json().toString(), event.json().path("EventType").asText(),
                event.json().path("EntityType").asText(), event.organization());
    }

    /** Sends any body to {@code callwire.events}. */
    public static synchronized void publishRaw(String json, String eventType, String entityType, UUID organization) {
        client().send(Addresses.EVENTS, json, Map.of(Addresses.PROPERTY_EVENT_TYPE, eventType,
                Addresses.PROPERTY_ENTITY_TYPE, entityType, Addresses.PROPERTY_ORGANIZATION_ID, organization.toString()));
    }

    /** Sends a body to any address. */
    public static synchronized void send(String address, String json) {
        client().send(address, json);
    }

    private static AmqpTestClient client() {
        if (client == null) {
            client = AmqpTestClient.connect();
        }
        return client;
    }
}
