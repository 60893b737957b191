package io.callwire.admin.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventField;

/** The event catalog of the contract, as the console's pickers and previews use it. */
@ApplicationScoped
public class Catalog {

    /** Variables every event offers besides its own fields (notifier-service's built-ins). */
    public static final List<String> BUILT_IN_VARIABLES = List.of("EventType", "EntityType", "EntityId", "RootEntityId", "Id",
            "Timestamp", "dateISO", "dateYMDms", "epochMillis");

    private final EventCatalog catalog = EventCatalog.standard();

    /** Event names grouped by entity type, in the catalog's order. */
    public Map<String, List<String>> eventsByEntityType() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (EntityType type : EntityType.values()) {
            List<String> names = catalog.eventsFor(type).stream().map(EventDefinition::name).toList();
            if (!names.isEmpty()) {
                groups.put(type.wireName(), names);
            }
        }
        return groups;
    }

    public List<String> eventNames() {
        return catalog.eventNames();
    }

    public List<String> entityTypes() {
        return java.util.Arrays.stream(EntityType.values()).map(EntityType::wireName).toList();
    }

    /** Each chosen event with the fields it offers as variables. */
    public List<EventVariables> variablesOf(List<String> events) {
        List<EventVariables> list = new ArrayList<>();
        for (String name : events == null ? List.<String>of() : events) {
            catalog.find(name).ifPresent(definition -> list.add(new EventVariables(definition.name(),
                    definition.fields().stream().map(EventField::name).toList())));
        }
        return list;
    }

    /** The catalog's example of an event, for an organization, with a fresh id and timestamp. */
    public ObjectNode example(String eventName, UUID organizationId) {
        EventDefinition definition = catalog.find(eventName).orElseThrow(() -> new IllegalArgumentException(eventName));
        ObjectNode event = definition.example() == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : definition.example();
        event.put("RootEntityType", "Organization");
        event.put("RootEntityId", organizationId.toString());
        event.put("EventType", definition.name());
        event.put("EntityType", definition.entityType().wireName());
        if (!event.hasNonNull("EntityId")) {
            event.put("EntityId", UUID.randomUUID().toString());
        }
        event.put("Id", UUID.randomUUID().toString());
        event.put("Timestamp", Instant.now().toString());
        return event;
    }

    /** One event and its own fields. */
    public record EventVariables(String event, List<String> fields) {
    }
}
