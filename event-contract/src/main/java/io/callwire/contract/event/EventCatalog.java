package io.callwire.contract.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of events: every event name of the reference document, the entity type it exists
 * for, its fields with their types, and the nested types those fields use. It is data (the
 * resource {@value #RESOURCE}, generated from the document by {@code tools/generate_catalog.py}
 * and checked by hand) and the one source for validation, {@code AvailableSubscriptions}, the
 * admin UI's pickers and the webhook variable lists.
 *
 * <p>Immutable and thread-safe. Event-name lookups are case-insensitive: the document's results
 * echo names lower-cased ({@code "queuestatus"}).
 */
public final class EventCatalog {

    /** Classpath location of the standard catalog. */
    public static final String RESOURCE = "/io/callwire/contract/event-catalog.json";

    private final List<EventDefinition> events;
    private final List<String> eventNames;
    private final Map<EntityType, List<EventDefinition>> byEntityType;
    private final Map<String, EventDefinition> byName;          // exact canonical name
    private final Map<String, EventDefinition> byLowerName;     // lower-cased names and aliases
    private final Map<String, Fields> fieldsByEvent;            // canonical name -> field index
    private final Map<String, TypeDefinition> types;            // lower-cased type name
    private final Map<String, Fields> fieldsByType;             // lower-cased type name -> field index

    private EventCatalog(List<EventDefinition> events, Map<String, List<String>> aliases, List<TypeDefinition> types) {
        this.events = List.copyOf(events);
        this.eventNames = events.stream().map(EventDefinition::name).toList();
        Map<EntityType, List<EventDefinition>> grouped = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            grouped.put(type, events.stream().filter(e -> e.entityType() == type).toList());
        }
        this.byEntityType = Collections.unmodifiableMap(grouped);
        Map<String, EventDefinition> exact = new HashMap<>();
        Map<String, EventDefinition> lower = new HashMap<>();
        Map<String, Fields> eventFields = new HashMap<>();
        for (EventDefinition event : events) {
            exact.put(event.name(), event);
            lower.put(event.name().toLowerCase(Locale.ROOT), event);
            for (String alias : aliases.getOrDefault(event.name(), List.of())) {
                exact.put(alias, event);
                lower.put(alias.toLowerCase(Locale.ROOT), event);
            }
            eventFields.put(event.name(), new Fields(event.fields()));
        }
        this.byName = Map.copyOf(exact);
        this.byLowerName = Map.copyOf(lower);
        this.fieldsByEvent = Map.copyOf(eventFields);
        Map<String, TypeDefinition> typeMap = new LinkedHashMap<>();
        Map<String, Fields> typeFields = new HashMap<>();
        for (TypeDefinition type : types) {
            typeMap.put(type.name().toLowerCase(Locale.ROOT), type);
            typeFields.put(type.name().toLowerCase(Locale.ROOT), new Fields(type.fields()));
        }
        this.types = Collections.unmodifiableMap(typeMap);
        this.fieldsByType = Map.copyOf(typeFields);
    }

    /** The catalog of the reference document (36 events), loaded once from {@value #RESOURCE}. */
    public static EventCatalog standard() {
        return Standard.INSTANCE;
    }

    /** Loads a catalog in the resource's format (for tests and tools). */
    public static EventCatalog load(InputStream json) throws IOException {
        return fromJson(Json.MAPPER.readTree(json));
    }

    /** The event with this name or alias, compared case-insensitively. */
    public Optional<EventDefinition> find(String eventName) {
        if (eventName == null) {
            return Optional.empty();
        }
        EventDefinition event = byName.get(eventName);
        if (event == null) {
            event = byLowerName.get(eventName.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(event);
    }

    /** Every event, in document order. */
    public List<EventDefinition> events() {
        return events;
    }

    /** The events that exist for an entity type, in document order. */
    public List<EventDefinition> eventsFor(EntityType type) {
        return byEntityType.get(type);
    }

    /** The canonical event names (PascalCase, as sent in {@code EventType}), in document order. */
    public List<String> eventNames() {
        return eventNames;
    }

    /** A nested type ({@code QueueAttachedUser}, {@code CallbackAttempt}, ...), case-insensitively. */
    public Optional<TypeDefinition> type(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(types.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every nested type, in document order. */
    public List<TypeDefinition> types() {
        return List.copyOf(types.values());
    }

    /**
     * Checks an event against the catalog: the event name is known, the entity type is the one the
     * event exists for, every known field present has a value of its declared type (nested objects
     * and list elements included), and an {@code OrganizationId} field names the envelope's
     * organization. Missing fields and unknown fields are not problems: the core omits and adds
     * fields between versions.
     *
     * @return the problems, each naming the field; empty when the event is valid
     */
    public List<String> validate(EventEnvelope envelope) {
        EventDefinition event = find(envelope.eventType()).orElse(null);
        if (event == null) {
            return List.of("EventType: unknown event '" + envelope.eventType() + "'");
        }
        List<String> problems = new ArrayList<>(0);
        if (event.entityType() != envelope.entityType()) {
            problems.add("EntityType: " + event.name() + " is a " + event.entityType().wireName()
                    + " event, not a " + envelope.entityType().wireName() + " event");
        }
        checkObject(envelope.fields(), fieldsByEvent.get(event.name()), "", problems);
        JsonNode organization = envelope.fields().get("OrganizationId");
        if (organization != null && organization.isTextual()
                && !envelope.rootEntityId().equals(Guids.parseOrNull(organization.textValue()))) {
            problems.add("OrganizationId: " + organization.textValue() + " is not the RootEntityId "
                    + envelope.rootEntityId());
        }
        return problems;
    }

    private void checkObject(ObjectNode object, Fields declared, String prefix, List<String> problems) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            EventField field = declared.get(entry.getKey());
            if (field != null) {
                checkValue(field, entry.getValue(), prefix + field.name(), problems);
            }
        }
    }

    private void checkValue(EventField field, JsonNode value, String path, List<String> problems) {
        if (value.isNull()) {
            if (!field.acceptsNull()) {
                problems.add(path + ": null is not allowed for " + field.type());
            }
            return;
        }
        boolean ok = switch (field.kind()) {
            case GUID -> value.isTextual() && Guids.isGuid(value.textValue());
            case STRING -> value.isTextual();
            case INTEGER -> value.isIntegralNumber() && value.canConvertToInt();
            case LONG -> value.isIntegralNumber() && value.canConvertToLong();
            case DECIMAL -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case DATETIME -> value.isTextual() && Timestamps.isDateTime(value.textValue());
            case OBJECT -> value.isObject();
            case LIST -> value.isArray();
        };
        if (!ok) {
            problems.add(path + ": expected " + field.type() + " (" + field.kind() + "), got " + describe(value));
            return;
        }
        Fields nested = field.elementType() == null ? null
                : fieldsByType.get(field.elementType().toLowerCase(Locale.ROOT));
        if (field.kind() == ValueKind.OBJECT) {
            if (nested != null) {
                checkObject((ObjectNode) value, nested, path + ".", problems);
            } else {
                // Dictionary<string, string>
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
                        problems.add(path + "." + entry.getKey() + ": expected string, got " + describe(entry.getValue()));
                    }
                }
            }
        } else if (field.kind() == ValueKind.LIST && nested != null) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isObject()) {
                    checkObject((ObjectNode) element, nested, path + "[" + i + "].", problems);
                } else {
                    problems.add(path + "[" + i + "]: expected " + field.elementType() + " object, got "
                            + describe(element));
                }
            }
        }
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }

    private static EventCatalog fromJson(JsonNode root) {
        List<TypeDefinition> types = new ArrayList<>();
        for (JsonNode type : root.path("types")) {
            types.add(new TypeDefinition(type.path("name").asText(), type.path("description").asText(""),
                    fields(type.path("fields"))));
        }
        List<EventDefinition> events = new ArrayList<>();
        Map<String, List<String>> aliases = new HashMap<>();
        for (JsonNode event : root.path("events")) {
            String name = event.path("name").asText();
            EntityType entityType = EntityType.fromWire(event.path("entityType").asText())
                    .orElseThrow(() -> new IllegalStateException("event " + name + ": unknown entity type"));
            JsonNode example = event.get("example");
            events.add(new EventDefinition(name, entityType, event.path("description").asText(""),
                    fields(event.path("fields")), example != null && example.isObject() ? (ObjectNode) example : null));
            List<String> names = new ArrayList<>();
            event.path("aliases").forEach(alias -> names.add(alias.asText()));
            aliases.put(name, names);
        }
        return new EventCatalog(events, aliases, types);
    }

    private static List<EventField> fields(JsonNode array) {
        List<EventField> fields = new ArrayList<>();
        for (JsonNode field : array) {
            JsonNode element = field.get("elementType");
            fields.add(new EventField(field.path("name").asText(), field.path("type").asText(),
                    ValueKind.valueOf(field.path("kind").asText()), field.path("nullable").asBoolean(),
                    element == null || element.isNull() ? null : element.asText(),
                    field.path("description").asText("")));
        }
        return fields;
    }

    /** Field index of one event or type: exact names first, then case-insensitive. */
    private static final class Fields {
        private final Map<String, EventField> exact = new HashMap<>();
        private final Map<String, EventField> lower = new HashMap<>();

        Fields(List<EventField> fields) {
            for (EventField field : fields) {
                exact.put(field.name(), field);
                lower.put(field.name().toLowerCase(Locale.ROOT), field);
            }
        }

        EventField get(String name) {
            EventField field = exact.get(name);
            return field != null ? field : lower.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Lazy holder: the resource is read once, on first use. */
    private static final class Standard {
        static final EventCatalog INSTANCE = loadStandard();

        private static EventCatalog loadStandard() {
            try (InputStream in = EventCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("event catalog resource " + RESOURCE + " is missing");
                }
                return load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the event catalog " + RESOURCE, e);
            }
        }
    }
}
