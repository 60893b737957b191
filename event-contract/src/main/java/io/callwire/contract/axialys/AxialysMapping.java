package io.callwire.contract.axialys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;

/**
 * How a Callwire event becomes a notification of the Axialys document ({@code
 * axialys-voice-management-notifications.txt}): {@code {"msg": {...}, "type_notification": ...,
 * "event": ...}}. Data, not code: the rules are the resource {@value #RESOURCE}, read once; the
 * module README shows them as a table. Immutable and thread-safe; no reflection.
 */
public final class AxialysMapping {

    /** Classpath location of the standard mapping. */
    public static final String RESOURCE = "/io/callwire/contract/axialys-mapping.json";

    /** Field of every {@code msg}: the organization ({@code RootEntityId}). */
    public static final String ID_CLIENT = "id_client";

    /**
     * One rule: when {@code callwire} events (and {@code when}, if any) match, the notification is
     * {@code typeNotification}/{@code event} with {@code msg} built from the event's fields.
     *
     * @param callwire         the catalog event name
     * @param when             a condition on one field of the event, or null
     * @param typeNotification {@code operator}, {@code UI}, {@code queue}, {@code trunk}, {@code num}, {@code input}
     * @param event            the document's event name ({@code status}, {@code login}, …)
     * @param set              constant msg values (e.g. {@code status: ringing})
     * @param msg              msg field → Callwire field path, in the order they are written
     * @param percent          msg fields whose value (0..1) is written as a whole percentage
     * @param note             why, for the README
     */
    public record Rule(String callwire, Condition when, String typeNotification, String event, Map<String, JsonNode> set,
                       Map<String, String> msg, Set<String> percent, String note) {
    }

    /** Matches when the field's value, as text, is one of {@code equals}. */
    public record Condition(String field, List<String> equals) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, List<Rule>> rules;
    private final List<Rule> all;
    private final Map<String, String> noCounterpart;
    private final String fallbackType;
    private final EventCodec codec;

    private AxialysMapping(List<Rule> all, Map<String, String> noCounterpart, String fallbackType, EventCodec codec) {
        this.all = List.copyOf(all);
        Map<String, List<Rule>> byEvent = new HashMap<>();
        for (Rule rule : all) {
            byEvent.computeIfAbsent(rule.callwire(), name -> new ArrayList<>()).add(rule);
        }
        byEvent.replaceAll((name, list) -> List.copyOf(list));
        this.rules = Map.copyOf(byEvent);
        this.noCounterpart = Collections.unmodifiableMap(new LinkedHashMap<>(noCounterpart));
        this.fallbackType = fallbackType;
        this.codec = codec;
    }

    /** The standard mapping, read once from {@value #RESOURCE}. */
    public static AxialysMapping standard() {
        return Standard.INSTANCE;
    }

    /** Reads a mapping document (the shape of {@value #RESOURCE}). */
    public static AxialysMapping load(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<Rule> rules = new ArrayList<>();
        for (JsonNode node : root.path("rules")) {
            Condition when = null;
            if (node.hasNonNull("when")) {
                List<String> values = new ArrayList<>();
                node.get("when").path("equals").forEach(value -> values.add(value.asText()));
                when = new Condition(node.get("when").path("field").asText(), List.copyOf(values));
            }
            Map<String, JsonNode> set = new LinkedHashMap<>();
            node.path("set").fields().forEachRemaining(entry -> set.put(entry.getKey(), entry.getValue()));
            Map<String, String> msg = new LinkedHashMap<>();
            node.path("msg").fields().forEachRemaining(entry -> msg.put(entry.getKey(), entry.getValue().asText()));
            List<String> percent = new ArrayList<>();
            node.path("percent").forEach(field -> percent.add(field.asText()));
            rules.add(new Rule(Objects.requireNonNull(node.path("callwire").textValue(), "rule without callwire event"),
                    when, node.path("type_notification").asText(), node.path("event").asText(),
                    Collections.unmodifiableMap(set), Collections.unmodifiableMap(msg), Set.copyOf(percent),
                    node.path("note").asText("")));
        }
        Map<String, String> none = new LinkedHashMap<>();
        root.path("noCounterpart").fields().forEachRemaining(entry -> none.put(entry.getKey(), entry.getValue().asText()));
        return new AxialysMapping(rules, none, root.path("fallbackType").asText("callwire"), new EventCodec());
    }

    /** Every rule in document order. */
    public List<Rule> rules() {
        return all;
    }

    /** Catalog events (or cases of them) without counterpart in the document, with the reason. */
    public Map<String, String> noCounterpart() {
        return noCounterpart;
    }

    /** The {@code type_notification} of events without counterpart. */
    public String fallbackType() {
        return fallbackType;
    }

    /** The rule that applies to this event, or null when the document has no counterpart. */
    public Rule ruleFor(EventEnvelope event) {
        List<Rule> candidates = rules.get(event.eventType());
        if (candidates == null) {
            return null;
        }
        for (Rule rule : candidates) {
            if (rule.when() == null || rule.when().equals().contains(String.valueOf(codec.field(event, rule.when().field())))) {
                return rule;
            }
        }
        return null;
    }

    /**
     * The notification of an event, {@code {"msg": {...}, "type_notification": ..., "event": ...}}
     * (the order of the document's examples). Events without counterpart get the fallback type,
     * their own name as {@code event} and their own fields (camelCase) as {@code msg}.
     */
    public ObjectNode notification(EventEnvelope event) {
        ObjectNode notification = NODES.objectNode();
        Rule rule = ruleFor(event);
        if (rule == null) {
            ObjectNode msg = NODES.objectNode();
            ObjectNode client = codec.toClientJson(event);
            client.fields().forEachRemaining(entry -> msg.set(entry.getKey(), entry.getValue()));
            msg.put(ID_CLIENT, event.organizationId().toString());
            notification.set("msg", msg);
            notification.put("type_notification", fallbackType);
            notification.put("event", event.eventType());
            return notification;
        }
        ObjectNode msg = notification.putObject("msg");
        rule.msg().forEach((name, path) -> {
            Object value = codec.field(event, path);
            if (value == null) {
                return;
            }
            if (rule.percent().contains(name) && value instanceof Number number) {
                msg.put(name, Math.round(number.doubleValue() * 100));
            } else if (value instanceof JsonNode node) {
                msg.set(name, node);
            } else if (value instanceof Number number) {
                msg.set(name, NODES.numberNode(new java.math.BigDecimal(number.toString())));
            } else if (value instanceof Boolean bool) {
                msg.put(name, bool);
            } else {
                msg.put(name, value.toString());
            }
        });
        rule.set().forEach(msg::set);
        msg.put(ID_CLIENT, event.organizationId().toString());
        notification.put("type_notification", rule.typeNotification());
        notification.put("event", rule.event());
        return notification;
    }

    /** Lazy holder: the resource is read once, on first use. */
    private static final class Standard {
        static final AxialysMapping INSTANCE = loadStandard();

        private static AxialysMapping loadStandard() {
            try (InputStream in = AxialysMapping.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Axialys mapping resource " + RESOURCE + " is missing");
                }
                return load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Axialys mapping " + RESOURCE, e);
            }
        }
    }
}
