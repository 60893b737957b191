package io.callwire.contract.messaging;

import java.util.Map;

import io.callwire.contract.event.EventEnvelope;

/**
 * What every publisher of {@link Addresses#EVENTS} puts on an event's AMQP message besides its body,
 * written once here so that the core's adapters, the ingestion API and the simulator agree.
 *
 * <p>The AMQP {@code group-id} is the event's entity id: a broker with message groups (Artemis maps
 * {@code group-id} to its group) hands every message of one group to the same consumer of a shared
 * queue while that consumer lives. So the notifier replicas competing on their queue each see all the
 * events of an entity, in order, and per-entity ordering holds across replicas.
 */
public final class EventMessages {

    private EventMessages() {
    }

    /** The AMQP {@code group-id} of an event's message: its entity id. */
    public static String groupId(EventEnvelope event) {
        return event.entityId().toString();
    }

    /** The application properties of an event's message: event type, entity type, organization id. */
    public static Map<String, Object> applicationProperties(EventEnvelope event) {
        return Map.of(Addresses.PROPERTY_EVENT_TYPE, event.eventType(),
                Addresses.PROPERTY_ENTITY_TYPE, event.entityType().wireName(),
                Addresses.PROPERTY_ORGANIZATION_ID, event.organizationId().toString());
    }
}
