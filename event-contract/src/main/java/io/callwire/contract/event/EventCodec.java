package io.callwire.contract.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and writes events as JSON, exactly as the reference document shows them: the PascalCase
 * header ({@code RootEntityType}, {@code RootEntityId}, {@code EventType}, {@code EntityType},
 * {@code EntityId}, {@code Id}, {@code Timestamp}, {@code MessageTTLSeconds}) and the event's own
 * fields, unknown ones kept. Also writes the camelCase form WebSocket clients receive in
 * {@code MessageReceived.data}, and resolves field paths for webhook placeholders.
 *
 * <p>Thread-safe and stateless after construction; one shared instance is fine. The catalog is
 * used only to place {@code MessageTTLSeconds} where the document's example for the event puts it;
 * decoding does not validate against the catalog (see {@link EventCatalog#validate}).
 */
public final class EventCodec {

    private enum Header { ROOT_ENTITY_TYPE, ROOT_ENTITY_ID, EVENT_TYPE, ENTITY_TYPE, ENTITY_ID, ID, TIMESTAMP, TTL }

    private static final String[] HEADER_NAMES = {
        EventEnvelope.ROOT_ENTITY_TYPE, EventEnvelope.ROOT_ENTITY_ID, EventEnvelope.EVENT_TYPE,
        EventEnvelope.ENTITY_TYPE, EventEnvelope.ENTITY_ID, EventEnvelope.ID, EventEnvelope.TIMESTAMP,
        EventEnvelope.MESSAGE_TTL_SECONDS,
    };

    private static final Header[] HEADER_VALUES = Header.values();

    /** The earliest and latest Timestamp (and expiry) accepted: the years 0001 to 9999. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Header names accepted on input: PascalCase as documented, and the camelCase client form. */
    private static final Map<String, Header> HEADERS = new HashMap<>();

    static {
        for (Header header : Header.values()) {
            String name = HEADER_NAMES[header.ordinal()];
            HEADERS.put(name, header);
            HEADERS.put(camel(name), header);
        }
    }

    private final Set<String> ttlAfterEntityId;

    /** A codec for the standard catalog. */
    public EventCodec() {
        this(EventCatalog.standard());
    }

    /** A codec that lays events out as the given catalog's examples do. */
    public EventCodec(EventCatalog catalog) {
        Set<String> names = new HashSet<>();
        for (EventDefinition event : catalog.events()) {
            if (event.ttlAfterEntityId()) {
                names.add(event.name());
            }
        }
        this.ttlAfterEntityId = Set.copyOf(names);
    }

    /** Decodes a UTF-8 JSON event. */
    public EventEnvelope decode(byte[] json) throws InvalidEventException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw notJson(e);
        }
        return decode(root);
    }

    /** Decodes a JSON event. */
    public EventEnvelope decode(String json) throws InvalidEventException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw notJson(e);
        }
        return decode(root);
    }

    /**
     * Decodes an event already parsed into a tree. The own-field node of the result shares its
     * children with {@code root}.
     */
    public EventEnvelope decode(JsonNode root) throws InvalidEventException {
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("$", "the event body must be a JSON object, got "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        JsonNode[] header = new JsonNode[HEADER_NAMES.length];
        ObjectNode fields = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            Header h = HEADERS.get(entry.getKey());
            if (h == null) {
                fields.set(entry.getKey(), entry.getValue());
            } else {
                header[h.ordinal()] = entry.getValue();
            }
        }
        JsonNode rootType = header[Header.ROOT_ENTITY_TYPE.ordinal()];
        if (rootType == null || !rootType.isTextual() || !EventEnvelope.ORGANIZATION.equalsIgnoreCase(rootType.textValue())) {
            throw new InvalidEventException(EventEnvelope.ROOT_ENTITY_TYPE,
                    "RootEntityType must be \"Organization\", got " + shown(rootType));
        }
        UUID rootEntityId = guid(header, Header.ROOT_ENTITY_ID);
        JsonNode eventType = header[Header.EVENT_TYPE.ordinal()];
        if (eventType == null || !eventType.isTextual() || eventType.textValue().isBlank()) {
            throw new InvalidEventException(EventEnvelope.EVENT_TYPE, "EventType must be an event name, got " + shown(eventType));
        }
        JsonNode entityTypeNode = header[Header.ENTITY_TYPE.ordinal()];
        EntityType entityType = entityTypeNode != null && entityTypeNode.isTextual()
                ? EntityType.fromWire(entityTypeNode.textValue()).orElse(null) : null;
        if (entityType == null) {
            throw new InvalidEventException(EventEnvelope.ENTITY_TYPE,
                    "EntityType must be User, Queue or CallList, got " + shown(entityTypeNode));
        }
        UUID entityId = guid(header, Header.ENTITY_ID);
        UUID id = guid(header, Header.ID);
        JsonNode timestampNode = header[Header.TIMESTAMP.ordinal()];
        Instant timestamp;
        try {
            if (timestampNode == null || !timestampNode.isTextual()) {
                throw new InvalidEventException(EventEnvelope.TIMESTAMP,
                        "Timestamp must be an ISO-8601 date-time with offset, got " + shown(timestampNode));
            }
            timestamp = Timestamps.parse(timestampNode.textValue());
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(EventEnvelope.TIMESTAMP,
                    "Timestamp must be an ISO-8601 date-time with offset, got " + shown(timestampNode), e);
        }
        JsonNode ttlNode = header[Header.TTL.ordinal()];
        long ttl = -1;
        if (ttlNode != null && !ttlNode.isNull()) {
            if (!ttlNode.isIntegralNumber() || !ttlNode.canConvertToLong()) {
                throw new InvalidEventException(EventEnvelope.MESSAGE_TTL_SECONDS,
                        "MessageTTLSeconds must be an integer (-1 for no expiry), got " + shown(ttlNode));
            }
            ttl = ttlNode.longValue();
        }
        // times every consumer can compute and store (PostgreSQL's timestamptz ends in 294276, Instant's
        // arithmetic overflows near Long.MAX_VALUE seconds): an event past them failed its consumer's write
        // again and again instead of being refused once
        if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
            throw new InvalidEventException(EventEnvelope.TIMESTAMP,
                    "Timestamp must be between the years 0001 and 9999, got " + shown(timestampNode));
        }
        if (ttl > LATEST.getEpochSecond() - timestamp.getEpochSecond()) {
            throw new InvalidEventException(EventEnvelope.MESSAGE_TTL_SECONDS,
                    "MessageTTLSeconds must not put the expiry past the year 9999, got " + ttl);
        }
        return new EventEnvelope(EventEnvelope.ORGANIZATION, rootEntityId, eventType.textValue(), entityType,
                entityId, id, timestamp, ttl, fields);
    }

    /** The event as UTF-8 JSON, PascalCase, laid out as in the reference document. */
    public byte[] encode(EventEnvelope envelope) {
        try {
            return Json.MAPPER.writeValueAsBytes(toJson(envelope));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as a JSON string, PascalCase, laid out as in the reference document. */
    public String encodeToString(EventEnvelope envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /**
     * The event as a PascalCase tree: the header, the own fields in their order, then {@code Id},
     * {@code Timestamp} and {@code MessageTTLSeconds} (which the status events carry right after
     * {@code EntityId}, as in the document). The own-field values are shared with the envelope.
     */
    public ObjectNode toJson(EventEnvelope envelope) {
        ObjectNode json = Json.NODES.objectNode();
        json.put(EventEnvelope.ROOT_ENTITY_TYPE, envelope.rootEntityType());
        json.put(EventEnvelope.ROOT_ENTITY_ID, envelope.rootEntityId().toString());
        json.put(EventEnvelope.EVENT_TYPE, envelope.eventType());
        json.put(EventEnvelope.ENTITY_TYPE, envelope.entityType().wireName());
        json.put(EventEnvelope.ENTITY_ID, envelope.entityId().toString());
        boolean ttlFirst = ttlAfterEntityId.contains(envelope.eventType());
        if (ttlFirst) {
            putTtl(json, EventEnvelope.MESSAGE_TTL_SECONDS, envelope.messageTtlSeconds());
        }
        json.setAll(envelope.fields());
        json.put(EventEnvelope.ID, envelope.id().toString());
        json.put(EventEnvelope.TIMESTAMP, Timestamps.format(envelope.timestamp()));
        if (!ttlFirst) {
            putTtl(json, EventEnvelope.MESSAGE_TTL_SECONDS, envelope.messageTtlSeconds());
        }
        return json;
    }

    /**
     * The event as WebSocket clients receive it in {@code MessageReceived.data}: every key with its
     * first letter lower-cased ({@code rootEntityType}, {@code messageTTLSeconds}, {@code userId}),
     * nested objects and list elements too; header first, then the own fields, then {@code id} and
     * {@code timestamp}, as in the document's example.
     */
    public ObjectNode toClientJson(EventEnvelope envelope) {
        ObjectNode json = Json.NODES.objectNode();
        json.put("rootEntityType", envelope.rootEntityType());
        json.put("rootEntityId", envelope.rootEntityId().toString());
        json.put("eventType", envelope.eventType());
        json.put("entityType", envelope.entityType().wireName());
        json.put("entityId", envelope.entityId().toString());
        putTtl(json, "messageTTLSeconds", envelope.messageTtlSeconds());
        for (Map.Entry<String, JsonNode> entry : envelope.fields().properties()) {
            json.set(camel(entry.getKey()), camelTree(entry.getValue()));
        }
        json.put("id", envelope.id().toString());
        json.put("timestamp", Timestamps.format(envelope.timestamp()));
        return json;
    }

    /**
     * The value of a header or own field, by a case-insensitive name or a dotted path into nested
     * objects and lists ({@code CallbackAttempts.0.Note}); used for webhook placeholders and field
     * mappings.
     *
     * @return a {@link String} for strings, GUIDs and date-times (as written on the wire), a
     *         {@link Number} for numbers, a {@link Boolean}, a {@link JsonNode} for objects and
     *         lists, or {@code null} when the field is absent or JSON {@code null}
     */
    public Object field(EventEnvelope envelope, String dottedPath) {
        if (dottedPath == null || dottedPath.isEmpty()) {
            return null;
        }
        int dot = dottedPath.indexOf('.');
        String first = dot < 0 ? dottedPath : dottedPath.substring(0, dot);
        if (dot < 0) {
            Object header = header(envelope, first);
            if (header != null) {
                return header;
            }
        }
        JsonNode node = child(envelope.fields(), first);
        int start = dot + 1;
        while (dot >= 0 && node != null) {
            dot = dottedPath.indexOf('.', start);
            String segment = dot < 0 ? dottedPath.substring(start) : dottedPath.substring(start, dot);
            node = child(node, segment);
            start = dot + 1;
        }
        return value(node);
    }

    private static Object header(EventEnvelope e, String name) {
        for (int i = 0; i < HEADER_NAMES.length; i++) {
            if (HEADER_NAMES[i].equalsIgnoreCase(name)) {
                return switch (HEADER_VALUES[i]) {
                    case ROOT_ENTITY_TYPE -> e.rootEntityType();
                    case ROOT_ENTITY_ID -> e.rootEntityId().toString();
                    case EVENT_TYPE -> e.eventType();
                    case ENTITY_TYPE -> e.entityType().wireName();
                    case ENTITY_ID -> e.entityId().toString();
                    case ID -> e.id().toString();
                    case TIMESTAMP -> Timestamps.format(e.timestamp());
                    case TTL -> e.messageTtlSeconds();
                };
            }
        }
        return null;
    }

    /** An int node when it fits, as a parser would produce, so that trees compare equal. */
    private static void putTtl(ObjectNode json, String name, long ttl) {
        if (ttl == (int) ttl) {
            json.put(name, (int) ttl);
        } else {
            json.put(name, ttl);
        }
    }

    private static JsonNode child(JsonNode node, String name) {
        if (node.isObject()) {
            JsonNode exact = node.get(name);
            if (exact != null) {
                return exact;
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }
        if (node.isArray()) {
            int index = index(name);
            return index < 0 ? null : node.get(index);
        }
        return null;
    }

    private static int index(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node;
    }

    private static JsonNode camelTree(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = Json.NODES.objectNode();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                copy.set(camel(entry.getKey()), camelTree(entry.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.NODES.arrayNode(node.size());
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                copy.add(camelTree(it.next()));
            }
            return copy;
        }
        return node; // value nodes are immutable
    }

    /** First letter lower-cased, the rest untouched ({@code MessageTTLSeconds} → {@code messageTTLSeconds}). */
    static String camel(String name) {
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static UUID guid(JsonNode[] header, Header which) throws InvalidEventException {
        JsonNode node = header[which.ordinal()];
        UUID value = node != null && node.isTextual() ? Guids.parseOrNull(node.textValue()) : null;
        if (value == null) {
            String name = HEADER_NAMES[which.ordinal()];
            throw new InvalidEventException(name, name + " must be a GUID, got " + shown(node));
        }
        return value;
    }

    private static String shown(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing (missing)";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static InvalidEventException notJson(IOException e) {
        String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return new InvalidEventException("$", "the event body is not valid JSON: " + detail, e);
    }
}
