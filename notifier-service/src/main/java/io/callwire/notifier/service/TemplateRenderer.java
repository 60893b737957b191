package io.callwire.notifier.service;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.EventField;
import io.callwire.notifier.WebhookSpec;

/**
 * Renders what an endpoint receives from an event: the URL template with {@code {{Placeholder}}}s
 * (FocalScope style: any event field by name or dotted path, the built-ins {@code dateISO},
 * {@code dateYMDms}, {@code epochMillis}, the suffixes {@code _asURIComponent} and {@code _asBase64},
 * an empty string for a missing value) and the variables of the {@code VARIABLES} payload mode (TVox
 * style). Also tells the validator which sources exist for a set of events.
 */
public final class TemplateRenderer {

    /** {@code {{Name}}}, {@code {{Nested.Path}}}, {@code {{Name_asBase64}}}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}");

    private static final String AS_URI_COMPONENT = "_asURIComponent";
    private static final String AS_BASE64 = "_asBase64";
    private static final DateTimeFormatter DATE_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_YMD = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final List<String> BUILT_INS = List.of("dateISO", "dateYMDms", "epochMillis", "MessageId");
    private static final List<String> HEADERS = List.of(EventEnvelope.ROOT_ENTITY_TYPE, EventEnvelope.ROOT_ENTITY_ID,
            EventEnvelope.EVENT_TYPE, EventEnvelope.ENTITY_TYPE, EventEnvelope.ENTITY_ID, EventEnvelope.ID,
            EventEnvelope.TIMESTAMP, EventEnvelope.MESSAGE_TTL_SECONDS);

    /** Characters left as they are in a query or fragment value (RFC 3986 minus the separators of form data). */
    private static final String QUERY_SAFE = "-._~!$'()*,;:@/?";
    /** Characters left as they are in one path segment. */
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@";
    /** JavaScript's encodeURIComponent keeps these. */
    private static final String COMPONENT_SAFE = "-._~!'()*";

    private final EventCodec codec;
    private final ObjectMapper mapper;

    public TemplateRenderer(EventCodec codec, ObjectMapper mapper) {
        this.codec = codec;
        this.mapper = mapper;
    }

    /** The URL for one event, without a message id ({@code {{MessageId}}} is empty). */
    public String renderUrl(WebhookSpec spec, EventEnvelope event) {
        return renderUrl(spec, event, null);
    }

    /**
     * The URL for one event: placeholders replaced ({@code {{MessageId}}} by {@code messageId}), and in
     * {@code VARIABLES} mode of a GET the event's variables as query parameters.
     */
    public String renderUrl(WebhookSpec spec, EventEnvelope event, java.util.UUID messageId) {
        String template = spec.url();
        StringBuilder out = new StringBuilder(template.length() + 64);
        Matcher matcher = PLACEHOLDER.matcher(template);
        int last = 0;
        while (matcher.find()) {
            out.append(template, last, matcher.start());
            Place place = placeOf(template, matcher.start());
            out.append(encodedValue(matcher.group(1), event, place, messageId));
            last = matcher.end();
        }
        out.append(template, last, template.length());
        if (spec.method() == WebhookSpec.Method.GET && spec.payload().mode() == WebhookSpec.PayloadMode.VARIABLES) {
            char separator = out.indexOf("?") < 0 ? '?' : '&';
            int hash = out.indexOf("#");
            StringBuilder query = new StringBuilder();
            for (WebhookSpec.Variable variable : spec.payload().variablesFor(event.eventType())) {
                checkSource(variable);
                query.append(separator).append(encode(variable.name(), COMPONENT_SAFE)).append('=')
                        .append(encode(text(variable.source(), event, messageId), COMPONENT_SAFE));
                separator = '&';
            }
            if (hash >= 0) {
                out.insert(hash, query);
            } else {
                out.append(query);
            }
        }
        return out.toString();
    }

    /** The JSON body: the event as the reference shows it, or the chosen variables under their names. */
    public String renderBody(WebhookSpec spec, EventEnvelope event) {
        return renderBody(spec, event, () -> codec.encodeToString(event), null);
    }

    /**
     * The JSON body, taking the whole-event JSON from {@code eventJson} (so that an event going to many
     * endpoints is encoded once).
     */
    public String renderBody(WebhookSpec spec, EventEnvelope event, java.util.function.Supplier<String> eventJson,
                             java.util.UUID messageId) {
        if (spec.method() == WebhookSpec.Method.GET) {
            return "";
        }
        if (spec.payload().mode() == WebhookSpec.PayloadMode.EVENT) {
            return eventJson.get();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (WebhookSpec.Variable variable : spec.payload().variablesFor(event.eventType())) {
            checkSource(variable);
            body.set(variable.name(), json(variable.source(), event, messageId));
        }
        try {
            return mapper.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A stored mapping the API would refuse today (written by an older version, or by hand) fails with a
     * reason the tenant can act on: it ends up in the delivery's recorded error.
     */
    private static void checkSource(WebhookSpec.Variable variable) {
        if (variable.source() == null || variable.source().isBlank()) {
            throw new IllegalArgumentException("the variable '" + variable.name() + "' has no source field");
        }
    }

    /** The event as the reference document shows it. */
    public String eventJson(EventEnvelope event) {
        return codec.encodeToString(event);
    }

    /** The raw value of a source (built-in, header or dotted field path) as text; empty when missing. */
    public String text(String source, EventEnvelope event, java.util.UUID messageId) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.endsWith(AS_URI_COMPONENT.toLowerCase(Locale.ROOT))) {
            return text(source.substring(0, source.length() - AS_URI_COMPONENT.length()), event, messageId);
        }
        if (lower.endsWith(AS_BASE64.toLowerCase(Locale.ROOT))) {
            String plain = text(source.substring(0, source.length() - AS_BASE64.length()), event, messageId);
            return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }
        switch (lower) {
            case "dateiso":
                return DATE_ISO.format(event.timestamp());
            case "dateymdms":
                return DATE_YMD.format(event.timestamp());
            case "epochmillis":
                return Long.toString(event.timestamp().toEpochMilli());
            case "messageid":
                return messageId == null ? "" : messageId.toString();
            default:
                Object value = codec.field(event, source);
                if (value == null) {
                    return "";
                }
                if (value instanceof JsonNode node) {
                    return node.isValueNode() ? node.asText() : node.toString();
                }
                return value.toString();
        }
    }

    private JsonNode json(String source, EventEnvelope event, java.util.UUID messageId) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.equals("epochmillis")) {
            return JsonNodeFactory.instance.numberNode(event.timestamp().toEpochMilli());
        }
        if (lower.endsWith("_asuricomponent")) {
            // encoded as its name says, in a JSON body as in a URL
            return JsonNodeFactory.instance.textNode(encode(text(source, event, messageId), COMPONENT_SAFE));
        }
        if (BUILT_INS.stream().anyMatch(b -> b.equalsIgnoreCase(source)) || lower.endsWith("_asbase64")) {
            return JsonNodeFactory.instance.textNode(text(source, event, messageId));
        }
        Object value = codec.field(event, source);
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return value instanceof JsonNode node ? node : mapper.valueToTree(value);
    }

    private String encodedValue(String placeholder, EventEnvelope event, Place place, java.util.UUID messageId) {
        String value = text(placeholder, event, messageId);
        if (placeholder.toLowerCase(Locale.ROOT).endsWith(AS_URI_COMPONENT.toLowerCase(Locale.ROOT))) {
            return encode(value, COMPONENT_SAFE);
        }
        return encode(value, place == Place.PATH ? PATH_SAFE : QUERY_SAFE);
    }

    private static Place placeOf(String template, int index) {
        int query = template.indexOf('?');
        int fragment = template.indexOf('#');
        if (fragment >= 0 && index > fragment) {
            return Place.FRAGMENT;
        }
        if (query >= 0 && index > query && (fragment < 0 || query < fragment)) {
            return Place.QUERY;
        }
        return Place.PATH;
    }

    /** Percent-encodes UTF-8 bytes of {@code value}, keeping ASCII letters, digits and {@code safe}. */
    static String encode(String value, String safe) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && safe.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The placeholder names of a URL template, in order. */
    public static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * Why {@code source} is not a value that every one of {@code events} can supply, or empty when it is:
     * a built-in, a header field, or a field (dotted path) of at least one of the chosen events.
     */
    public static Optional<String> checkSource(String source, List<EventDefinition> events, EventCatalog catalog) {
        String base = source;
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.endsWith("_asuricomponent")) {
            base = source.substring(0, source.length() - AS_URI_COMPONENT.length());
        } else if (lower.endsWith("_asbase64")) {
            base = source.substring(0, source.length() - AS_BASE64.length());
        }
        String candidate = base;
        if (BUILT_INS.stream().anyMatch(b -> b.equalsIgnoreCase(candidate))
                || HEADERS.stream().anyMatch(h -> h.equalsIgnoreCase(candidate))) {
            return Optional.empty();
        }
        String[] path = base.split("\\.", -1);
        for (EventDefinition event : events) {
            Optional<EventField> field = event.field(path[0]);
            if (field.isPresent() && nestedExists(field.get(), path, catalog)) {
                return Optional.empty();
            }
        }
        return Optional.of("'" + source + "' is not a field of " + String.join(", ",
                events.stream().map(EventDefinition::name).toList()));
    }

    private static boolean nestedExists(EventField field, String[] path, EventCatalog catalog) {
        EventField current = field;
        for (int i = 1; i < path.length; i++) {
            if (path[i].isEmpty()) {
                return false;
            }
            if (path[i].chars().allMatch(Character::isDigit)) {
                continue; // an index into a list keeps the element type
            }
            if (current.elementType() == null) {
                return false;
            }
            String segment = path[i];
            Optional<EventField> next = catalog.type(current.elementType()).flatMap(t -> t.fields().stream()
                    .filter(f -> f.name().equalsIgnoreCase(segment))
                    .findFirst());
            if (next.isEmpty()) {
                return false;
            }
            current = next.get();
        }
        return true;
    }

    private enum Place { PATH, QUERY, FRAGMENT }
}
