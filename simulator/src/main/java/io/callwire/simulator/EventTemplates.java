package io.callwire.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.EventField;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One template per event of the catalog: every own field, in the order of the document's example,
 * with a neutral value of its type. The generator copies a template and sets what the flow knows,
 * so every event it sends carries every field the catalog declares.
 */
final class EventTemplates {

    private static final String ZERO_GUID = "00000000-0000-0000-0000-000000000000";
    private static final Set<String> HEADER = Set.of(EventEnvelope.ROOT_ENTITY_TYPE, EventEnvelope.ROOT_ENTITY_ID,
            EventEnvelope.EVENT_TYPE, EventEnvelope.ENTITY_TYPE, EventEnvelope.ENTITY_ID, EventEnvelope.ID,
            EventEnvelope.TIMESTAMP, EventEnvelope.MESSAGE_TTL_SECONDS);

    private final Map<String, ObjectNode> templates = new HashMap<>();
    private final Map<String, EventDefinition> definitions = new HashMap<>();

    EventTemplates(EventCatalog catalog) {
        for (EventDefinition event : catalog.events()) {
            ObjectNode example = event.example();
            Set<String> order = new LinkedHashSet<>();
            if (example != null) {
                example.fieldNames().forEachRemaining(name -> {
                    if (!HEADER.contains(name)) {
                        order.add(name);
                    }
                });
            }
            event.fields().forEach(f -> order.add(f.name()));
            ObjectNode template = EventEnvelope.newFields();
            for (String name : order) {
                EventField field = event.field(name).orElse(null);
                if (field != null) {
                    template.set(name, neutral(field, example == null ? null : example.get(name)));
                }
            }
            templates.put(event.name(), template);
            definitions.put(event.name(), event);
        }
    }

    /** A fresh copy of the template of an event. */
    ObjectNode fields(String eventName) {
        ObjectNode template = templates.get(eventName);
        if (template == null) {
            throw new IllegalArgumentException("no such event in the catalog: " + eventName);
        }
        return template.deepCopy();
    }

    EventDefinition definition(String eventName) {
        return definitions.get(eventName);
    }

    private static JsonNode neutral(EventField field, JsonNode example) {
        ObjectNode holder = EventEnvelope.newFields();
        boolean enumType = !Character.isLowerCase(field.type().charAt(0)) && !field.type().startsWith("Guid")
                && !field.type().startsWith("DateTime") && !field.type().startsWith("String")
                && !field.type().startsWith("List<") && !field.type().startsWith("Dictionary<");
        if (enumType && example != null && !example.isNull()) {
            return example; // an enum of the core: keep the document's value as the neutral one
        }
        switch (field.kind()) {
            case GUID -> {
                if (field.nullable()) {
                    holder.putNull("v");
                } else {
                    holder.put("v", ZERO_GUID);
                }
            }
            case STRING -> holder.put("v", "");
            case INTEGER, LONG -> holder.put("v", 0);
            case DECIMAL -> holder.put("v", 0.0);
            case BOOLEAN -> holder.put("v", false);
            case DATETIME -> {
                if (field.nullable()) {
                    holder.putNull("v");
                } else {
                    holder.put("v", "0001-01-01T00:00:00");
                }
            }
            case OBJECT, LIST -> holder.putNull("v");
        }
        return holder.get("v");
    }
}
