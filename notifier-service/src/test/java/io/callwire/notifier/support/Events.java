package io.callwire.notifier.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;

/** Events as the contact-center core publishes them, built from the catalog's examples. */
public final class Events {

    private Events() {
    }

    /** The example of an event, for an organization and entity, with a fresh id and timestamp and no expiry. */
    public static ObjectNode of(String eventName, UUID organizationId, UUID entityId) {
        EventDefinition definition = EventCatalog.standard().find(eventName).orElseThrow();
        ObjectNode event = definition.example().deepCopy();
        event.put("RootEntityId", organizationId.toString());
        event.put("EntityId", entityId.toString());
        event.put("Id", UUID.randomUUID().toString());
        event.put("Timestamp", Instant.now().toString());
        event.put("MessageTTLSeconds", -1);
        if (event.has("OrganizationId")) {
            event.put("OrganizationId", organizationId.toString());
        }
        return event;
    }

    /** Publishes an event on {@code callwire.events} with its application properties. */
    public static void publish(AmqpTestClient client, ObjectNode event) {
        publish(client, event, Map.of());
    }

    /** Publishes an event with its application properties and {@code extra} ones (a publisher's trace context, say). */
    public static void publish(AmqpTestClient client, ObjectNode event, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put(Addresses.PROPERTY_EVENT_TYPE, event.get("EventType").asText());
        properties.put(Addresses.PROPERTY_ENTITY_TYPE, event.get("EntityType").asText());
        properties.put(Addresses.PROPERTY_ORGANIZATION_ID, event.get("RootEntityId").asText());
        client.send(Addresses.EVENTS, event.toString(), properties);
    }
}
