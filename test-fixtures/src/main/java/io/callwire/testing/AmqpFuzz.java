package io.callwire.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.messaging.Addresses;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpMessageBuilder;
import io.vertx.core.json.JsonObject;

/**
 * Hostile AMQP messages for the addresses Callwire consumes, for fuzzing its consumers with a real
 * broker: {@link JsonFuzz} mutations of a valid body, random bytes, bodies of other AMQP types
 * (AmqpValue strings, numbers, lists, maps, symbols), wrong and missing content types, missing, wrongly
 * typed and oversized application properties, huge and deeply nested bodies, and events of another or
 * no organization. Seeded like {@link JsonFuzz}. None of them is an event a subscriber of the valid
 * event's entity may receive: the valid event's own mutations go to {@code elsewhere}, an entity nobody
 * subscribes to, except those that name another organization.
 */
public final class AmqpFuzz {

    /** One message and what is hostile about it (for failure messages). */
    public record Hostile(String what, AmqpMessage message) {
    }

    private AmqpFuzz() {
    }

    /**
     * Hostile messages for {@code callwire.events}.
     *
     * @param valid     a valid event of the subscribed entity (its {@code EntityId}), never sent as it is
     * @param elsewhere an entity of the same organization that no test client or webhook follows
     * @param mutated   how many {@link JsonFuzz} mutations to add
     */
    public static List<Hostile> events(ObjectNode valid, UUID elsewhere, Random random, int mutated) {
        String organization = valid.path("RootEntityId").asText();
        ObjectNode unfollowed = valid.deepCopy().put("EntityId", elsewhere.toString()).put("Id", UUID.randomUUID().toString());
        Map<String, Object> properties = properties(valid);
        List<Hostile> hostile = new ArrayList<>();
        for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(unfollowed.toString(), random, mutated)) {
            hostile.add(new Hostile("event with " + mutation.what(), json(mutation.body(), properties).build()));
        }
        // another organization's event for the followed entity, however the properties are set
        for (String other : List.of(UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000")) {
            ObjectNode foreign = valid.deepCopy().put("RootEntityId", other).put("Id", UUID.randomUUID().toString());
            hostile.add(new Hostile("another organization's event, properties of the subscriber's",
                    json(foreign.toString(), properties).build()));
            Map<String, Object> own = new LinkedHashMap<>(properties);
            own.put(Addresses.PROPERTY_ORGANIZATION_ID, other);
            hostile.add(new Hostile("another organization's event", json(foreign.toString(), own).build()));
        }
        for (Object badOrganization : List.of("not-a-guid", "", "' OR 1=1 --", 42, organization.toUpperCase() + "x")) {
            ObjectNode broken = valid.deepCopy().put("Id", UUID.randomUUID().toString());
            broken.put("RootEntityId", String.valueOf(badOrganization));
            Map<String, Object> props = new LinkedHashMap<>(properties);
            props.put(Addresses.PROPERTY_ORGANIZATION_ID, badOrganization);
            hostile.add(new Hostile("organization id " + badOrganization, json(broken.toString(), props).build()));
        }
        hostile.addAll(outOfRange(valid, properties));
        ObjectNode noOrganization = valid.deepCopy().put("Id", UUID.randomUUID().toString());
        noOrganization.remove("RootEntityId");
        hostile.add(new Hostile("no organization", json(noOrganization.toString(), properties).build()));
        hostile.addAll(anyAddress(unfollowed, properties, random));
        return hostile;
    }

    /**
     * Events of the followed entity whose time cannot be stored or computed: a TTL of {@code Long.MAX_VALUE}
     * (its expiry overflows), timestamps beyond what PostgreSQL's {@code timestamptz} holds (294276 AD, 4713
     * BC), and near the end of Java's {@code Instant}. A consumer that writes the event must not fail
     * again and again on them, nor hold back the good events beside them.
     */
    private static List<Hostile> outOfRange(ObjectNode valid, Map<String, Object> properties) {
        List<Hostile> hostile = new ArrayList<>();
        for (Object[] time : new Object[][] {{null, Long.MAX_VALUE}, {"+294277-01-01T00:00:00Z", 60L}, {"-290000-01-01T00:00:00Z", 0L},
                {"+999999999-12-31T23:59:59Z", 60L}, {"9999-12-31T23:59:59Z", 86_400L}}) {
            ObjectNode event = valid.deepCopy().put("Id", UUID.randomUUID().toString()).put("MessageTTLSeconds", (Long) time[1]);
            if (time[0] != null) {
                event.put("Timestamp", (String) time[0]);
            }
            hostile.add(new Hostile("Timestamp " + event.path("Timestamp").asText() + " with MessageTTLSeconds " + time[1],
                    json(event.toString(), properties).build()));
        }
        return hostile;
    }

    /** Hostile messages for an address whose valid body is {@code valid} (revocations, permission changes). */
    public static List<Hostile> messages(ObjectNode valid, Random random, int mutated) {
        List<Hostile> hostile = new ArrayList<>();
        for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(valid.toString(), random, mutated)) {
            hostile.add(new Hostile("message with " + mutation.what(), json(mutation.body(), Map.of()).build()));
        }
        hostile.addAll(anyAddress(valid, Map.of(), random));
        return hostile;
    }

    /** What any consumer must survive: other body types, content types, properties and sizes. */
    private static List<Hostile> anyAddress(ObjectNode valid, Map<String, Object> properties, Random random) {
        List<Hostile> hostile = new ArrayList<>();
        byte[] noise = new byte[2_048];
        random.nextBytes(noise);
        hostile.add(new Hostile("random bytes", AmqpTestClient.data("application/octet-stream", noise, properties).build()));
        hostile.add(new Hostile("random bytes labelled JSON", json(noise, properties).build()));
        hostile.add(new Hostile("an empty body", json(new byte[0], properties).build()));
        hostile.add(new Hostile("XML", AmqpTestClient.data("application/xml",
                "<event><EventType>QueueStatus</EventType></event>".getBytes(StandardCharsets.UTF_8), properties).build()));
        hostile.add(new Hostile("CSV as text", AmqpTestClient.data("text/csv",
                "EventType,EntityId\nQueueStatus,x\n".getBytes(StandardCharsets.UTF_8), properties).build()));
        hostile.add(new Hostile("invalid UTF-8", json(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, properties).build()));
        hostile.add(new Hostile("an AmqpValue string that is not JSON", value(properties).withBody("not json").build()));
        hostile.add(new Hostile("an AmqpValue integer", value(properties).withIntegerAsBody(42).build()));
        hostile.add(new Hostile("an AmqpValue boolean", value(properties).withBooleanAsBody(true).build()));
        hostile.add(new Hostile("an AmqpValue symbol", value(properties).withSymbolAsBody("QueueStatus").build()));
        hostile.add(new Hostile("an AmqpValue UUID", value(properties).withUuidAsBody(UUID.randomUUID()).build()));
        hostile.add(new Hostile("an AmqpValue list", value(properties).withListAsBody(List.of(1, "two", 3.0)).build()));
        hostile.add(new Hostile("an AmqpValue map", value(properties).withMapAsBody(Map.of("EventType", 1, "nested", Map.of("a", 1))).build()));
        hostile.add(new Hostile("an AmqpValue double", value(properties).withDoubleAsBody(Double.NaN).build()));
        hostile.add(new Hostile("a JSON array", json("[" + valid + "," + valid + "]", properties).build()));
        hostile.add(new Hostile("deeply nested JSON", json("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", properties).build()));
        ObjectNode deepField = valid.deepCopy().put("Id", UUID.randomUUID().toString());
        hostile.add(new Hostile("an event with a 2,000-level field",
                json(deepField.toString().replaceFirst("\\{", "{\"Deep\":" + "[".repeat(2_000) + "]".repeat(2_000) + ","), properties).build()));
        ObjectNode huge = valid.deepCopy().put("Id", UUID.randomUUID().toString()).put("Huge", "x".repeat(2_000_000));
        hostile.add(new Hostile("a 2 MB body", json(huge.toString(), properties).build()));
        hostile.add(new Hostile("a 100 KB application property", json(valid.toString(), with(properties, "Padding", "p".repeat(100_000))).build()));
        Map<String, Object> many = new LinkedHashMap<>(properties);
        for (int i = 0; i < 1_000; i++) {
            many.put("P" + i, i);
        }
        hostile.add(new Hostile("1,000 application properties", json(valid.toString(), many).build()));
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put(Addresses.PROPERTY_EVENT_TYPE, 7);
        typed.put(Addresses.PROPERTY_ENTITY_TYPE, true);
        typed.put(Addresses.PROPERTY_ORGANIZATION_ID, 3.5);
        hostile.add(new Hostile("application properties of the wrong types", json("{\"EventType\": 7}", typed).build()));
        hostile.add(new Hostile("no application properties, not an event", json("{\"hello\": \"world\"}", Map.of()).build()));
        return hostile;
    }

    /** 256 random bytes that are not JSON (the first is {@code x}), to send labelled {@code application/json}. */
    public static byte[] notJson(Random random) {
        byte[] noise = new byte[256];
        random.nextBytes(noise);
        noise[0] = 'x';
        return noise;
    }

    /** The application properties a publisher sets for an event. */
    public static Map<String, Object> properties(ObjectNode event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(Addresses.PROPERTY_EVENT_TYPE, event.path("EventType").asText());
        properties.put(Addresses.PROPERTY_ENTITY_TYPE, event.path("EntityType").asText());
        properties.put(Addresses.PROPERTY_ORGANIZATION_ID, event.path("RootEntityId").asText());
        return properties;
    }

    private static Map<String, Object> with(Map<String, Object> properties, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.put(name, value);
        return copy;
    }

    private static AmqpMessageBuilder json(String body, Map<String, Object> properties) {
        return json(body.getBytes(StandardCharsets.UTF_8), properties);
    }

    private static AmqpMessageBuilder json(byte[] body, Map<String, Object> properties) {
        return AmqpTestClient.data(Addresses.CONTENT_TYPE_JSON, body, properties);
    }

    private static AmqpMessageBuilder value(Map<String, Object> properties) {
        return AmqpMessage.create().applicationProperties(new JsonObject(properties));
    }
}
