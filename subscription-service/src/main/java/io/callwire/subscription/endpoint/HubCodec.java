package io.callwire.subscription.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.EventField;
import io.callwire.contract.event.ValueKind;
import io.callwire.subscription.Subscription;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The SignalR JSON hub protocol's messages as text, written once here: the handshake answer,
 * Completion, Close, Ping, Ack, Sequence, the {@code MessageReceived} and {@code SubscriptionRevoked}
 * invocations, and the client form of an event. Records end with 0x1E.
 */
final class HubCodec {

    static final char RS = '\u001e';
    static final String HANDSHAKE_OK = "{}" + RS;
    static final String PING = "{\"type\":6}" + RS;
    static final String MESSAGE_HEAD = "{\"type\":1,\"target\":\"MessageReceived\",\"arguments\":[{\"subscription\":";
    static final String MESSAGE_DATA = ",\"data\":";
    static final String MESSAGE_TAIL = "}]}" + RS;
    static final byte[] HANDSHAKE_OK_BYTES = HANDSHAKE_OK.getBytes(StandardCharsets.UTF_8);
    static final byte[] PING_BYTES = PING.getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE_TAIL_BYTES = MESSAGE_TAIL.getBytes(StandardCharsets.UTF_8);

    /** Message types of the protocol. */
    static final int INVOCATION = 1, STREAM_ITEM = 2, COMPLETION = 3, STREAM_INVOCATION = 4, CANCEL_INVOCATION = 5,
            PING_TYPE = 6, CLOSE = 7, ACK = 8, SEQUENCE = 9;

    private final ObjectMapper mapper;
    private final EventCodec events;
    private final EventCatalog catalog;
    /**
     * The one encoder of this face, to UTF-8 bytes: {@link io.callwire.subscription.service.RoutedEvent}
     * caches per encoder, so an event is encoded once whatever the number of its recipients.
     */
    final Function<EventEnvelope, byte[]> clientEvent = this::clientJsonBytes;
    /**
     * Per event loop thread, the last {@code MessageReceived} record built: the recipients of an
     * event on one loop come grouped by subscription, so the ten connections subscribed to one queue
     * get the same array, built once.
     */
    private final FastThreadLocal<LastRecord> lastRecord = new FastThreadLocal<>() {
        @Override
        protected LastRecord initialValue() {
            return new LastRecord();
        }
    };
    private final Map<String, java.util.Set<String>> dictionaryFields = new java.util.concurrent.ConcurrentHashMap<>();

    HubCodec(ObjectMapper mapper, EventCodec events, EventCatalog catalog) {
        this.mapper = mapper;
        this.events = events;
        this.catalog = catalog;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** What precedes the event data in every MessageReceived record of this subscription, as UTF-8. */
    byte[] messagePrefix(Subscription subscription) {
        return (MESSAGE_HEAD + write(subscription) + MESSAGE_DATA).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code MessageReceived} record of an event ({@code data}, from {@link #clientEvent}) for a
     * subscription ({@code prefix}, from {@link #messagePrefix}): built once for consecutive
     * recipients with equal prefixes on this thread, and never modified after (it is shared).
     */
    byte[] messageRecord(byte[] prefix, byte[] data) {
        LastRecord last = lastRecord.get();
        if (last.data == data && (last.prefix == prefix || Arrays.equals(last.prefix, prefix))) {
            return last.record;
        }
        byte[] record = new byte[prefix.length + data.length + MESSAGE_TAIL_BYTES.length];
        System.arraycopy(prefix, 0, record, 0, prefix.length);
        System.arraycopy(data, 0, record, prefix.length, data.length);
        System.arraycopy(MESSAGE_TAIL_BYTES, 0, record, prefix.length + data.length, MESSAGE_TAIL_BYTES.length);
        last.prefix = prefix;
        last.data = data;
        last.record = record;
        return record;
    }

    /** The last record {@link #messageRecord} built on a thread, and what it was built from. */
    private static final class LastRecord {
        private byte[] prefix;
        private byte[] data;
        private byte[] record;
    }

    String completion(String invocationId, Object result, String error) {
        ObjectNode completion = mapper.createObjectNode().put("type", COMPLETION).put("invocationId", invocationId);
        if (error != null) {
            completion.put("error", error);
        } else {
            completion.set("result", mapper.valueToTree(result));
        }
        return completion.toString() + RS;
    }

    String close(String error, boolean allowReconnect) {
        return mapper.createObjectNode().put("type", CLOSE).put("error", error).put("allowReconnect", allowReconnect)
                .toString() + RS;
    }

    String handshakeError(String error) {
        return mapper.createObjectNode().put("error", error).toString() + RS;
    }

    String invocation(String target, Object argument) {
        ObjectNode invocation = mapper.createObjectNode().put("type", INVOCATION).put("target", target);
        invocation.putArray("arguments").add(mapper.valueToTree(argument));
        return invocation.toString() + RS;
    }

    static String ack(long sequenceId) {
        return "{\"type\":8,\"sequenceId\":" + sequenceId + "}" + RS;
    }

    static String sequence(long sequenceId) {
        return "{\"type\":9,\"sequenceId\":" + sequenceId + "}" + RS;
    }

    /**
     * The event as clients receive it: camelCase property names ({@link EventCodec#toClientJson}),
     * except inside dictionary fields ({@code UserSetting.Values}, {@code AllowedValues}), whose
     * keys are data and stay as the core sent them.
     */
    String clientJson(EventEnvelope event) {
        ObjectNode json = events.toClientJson(event);
        java.util.Set<String> dictionaries = dictionaryFields.computeIfAbsent(event.eventType(), this::dictionaryFieldsOf);
        if (!dictionaries.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : event.fields().properties()) {
                if (dictionaries.contains(field.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    json.set(camel(field.getKey()), field.getValue());
                }
            }
        }
        return json.toString();
    }

    /** Lower-cased names of an event's top-level dictionary fields (objects without a declared type). */
    private java.util.Set<String> dictionaryFieldsOf(String eventType) {
        Optional<EventDefinition> definition = catalog.find(eventType);
        if (definition.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (EventField field : definition.get().fields()) {
            if (field.kind() == ValueKind.OBJECT && field.elementType() == null) {
                names.add(field.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return java.util.Set.copyOf(names);
    }

    private byte[] clientJsonBytes(EventEnvelope event) {
        return clientJson(event).getBytes(StandardCharsets.UTF_8);
    }

    /** A property matched case-insensitively, as ASP.NET's JSON binding matches. */
    static JsonNode property(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    ArrayNode emptyArray() {
        return mapper.createArrayNode();
    }

    /** As {@link EventCodec}: first letter lower-cased when upper case. */
    private static String camel(String name) {
        return name.isEmpty() || !Character.isUpperCase(name.charAt(0)) ? name
                : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
