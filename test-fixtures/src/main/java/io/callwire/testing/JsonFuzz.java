package io.callwire.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

/**
 * Request bodies mutated from a valid one, for REST fuzzing against an endpoint's schema: a field of
 * the wrong type, a field missing, an unknown field, a huge string, a bad UUID, a negative or huge
 * number, invalid JSON, deep nesting and bodies that are not an object. Seeded: the same seed gives
 * the same bodies, so a failure names the seed that replays it.
 */
public final class JsonFuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One mutated body and what was done to it (for failure messages). */
    public record Mutation(String what, String body) {
    }

    private JsonFuzz() {
    }

    /**
     * A RestAssured request for fuzzed bodies. Quarkus's tests keep a copy of every request to print when
     * a validation fails ({@code quarkus.test.rest-assured.enable-logging-on-failure}), pretty-printed
     * by default: pretty-printing the 5,000-level body of {@link #mutations} indents each level by four
     * more spaces, 80 million characters for a 10 KB body, and exhausted the test JVM's heap. The copy
     * stays (a failure still shows the request), only not pretty-printed.
     */
    public static RequestSpecification given() {
        RestAssuredConfig config = RestAssured.config();
        return RestAssured.given().config(config.logConfig(config.getLogConfig().enablePrettyPrinting(false)));
    }

    /** {@code count} mutations of {@code valid}, drawn from {@code random}. */
    public static List<Mutation> mutations(String valid, Random random, int count) {
        JsonNode template;
        try {
            template = JSON.readTree(valid);
        } catch (Exception e) {
            throw new IllegalArgumentException(valid, e);
        }
        List<Mutation> mutations = new ArrayList<>(fixed(valid));
        while (mutations.size() < count) {
            JsonNode copy = template.deepCopy();
            List<String> paths = new ArrayList<>();
            collect(copy, "", paths);
            String path = paths.isEmpty() ? "" : paths.get(random.nextInt(paths.size()));
            int kind = random.nextInt(7);
            String what;
            switch (kind) {
                case 0 -> what = replace(copy, path, wrongType(random), "wrong type");
                case 1 -> what = remove(copy, path);
                case 2 -> {
                    if (copy instanceof ObjectNode object) {
                        object.set("unknown" + random.nextInt(100), wrongType(random));
                    }
                    what = "extra field";
                }
                case 3 -> what = replace(copy, path, NODES.textNode("x".repeat(random.nextBoolean() ? 5_000 : 40_000)), "huge string");
                case 4 -> what = replace(copy, path, NODES.textNode(badUuid(random)), "bad UUID");
                case 5 -> what = replace(copy, path, random.nextBoolean() ? NODES.numberNode(-1 - random.nextInt(1000))
                        : NODES.numberNode(Long.MAX_VALUE), "negative or huge number");
                default -> what = replace(copy, path, NODES.nullNode(), "null");
            }
            mutations.add(new Mutation(what, copy.toString()));
        }
        return mutations.subList(0, count);
    }

    /** The mutations that do not depend on the schema. */
    private static List<Mutation> fixed(String valid) {
        return List.of(
                new Mutation("empty body", ""),
                new Mutation("JSON null", "null"),
                new Mutation("an array", "[]"),
                new Mutation("a string", "\"text\""),
                new Mutation("a number", "42"),
                new Mutation("an empty object", "{}"),
                new Mutation("truncated JSON", valid.substring(0, valid.length() / 2)),
                new Mutation("trailing garbage", valid + "}}"),
                new Mutation("not JSON", "name=x&url=y"),
                new Mutation("deeply nested", "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
                new Mutation("deeply nested and unclosed", "[".repeat(20_000)),
                new Mutation("duplicate keys", "{\"a\":1,\"a\":2," + valid.substring(1)),
                new Mutation("NUL in a string", valid.replaceFirst("\"([^\"]*)\"\\s*:\\s*\"", "\"$1\":\"\\\\u0000")),
                new Mutation("invalid UTF-16 escape", valid.replaceFirst(":\\s*\"", ":\"\\\\ud800")));
    }

    private static void collect(JsonNode node, String prefix, List<String> paths) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = prefix + "/" + field.getKey();
                paths.add(path);
                collect(field.getValue(), path, paths);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String path = prefix + "/" + i;
                paths.add(path);
                collect(array.get(i), path, paths);
            }
        }
    }

    private static String replace(JsonNode root, String path, JsonNode value, String kind) {
        if (path.isEmpty()) {
            return kind + " (no field)";
        }
        int slash = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, slash));
        String key = path.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(key), value);
        }
        return kind + " at " + path;
    }

    private static String remove(JsonNode root, String path) {
        if (path.isEmpty()) {
            return "nothing removed";
        }
        int slash = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, slash));
        String key = path.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.remove(key);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(key));
        }
        return "missing " + path;
    }

    private static JsonNode wrongType(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.arrayNode().add(1).add("two");
            case 3 -> NODES.objectNode().put("nested", true);
            case 4 -> NODES.numberNode(1.5e300);
            default -> NODES.textNode("not-the-right-type");
        };
    }

    private static String badUuid(Random random) {
        return List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "", "1", "{}", "../../etc/passwd",
                "ffffffff-ffff-ffff-ffff-ffffffffffffff", "' OR 1=1 --").get(random.nextInt(8));
    }

    /**
     * Asserts that a fuzzed request was refused cleanly: a 4xx (not a 5xx, not a success unless
     * {@code successAllowed}), as problem+json, with no class name or stack trace in the body.
     *
     * @return true when it was accepted (2xx), which the caller must account for (e.g. a row it created)
     */
    public static boolean assertRefusedCleanly(io.restassured.response.Response response, String what, boolean successAllowed) {
        int status = response.getStatusCode();
        String where = assertNoInternals(response, what);
        if (status >= 200 && status < 300 && successAllowed) {
            return true;
        }
        if (status < 400 || status >= 500) {
            throw new AssertionError("a 4xx expected: " + where);
        }
        String contentType = response.getContentType();
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            throw new AssertionError("application/problem+json expected, got " + contentType + ": " + where);
        }
        Object detail = response.jsonPath().get("detail");
        if (!(detail instanceof String text) || text.isBlank()) {
            throw new AssertionError("a detail naming the problem expected: " + where);
        }
        return false;
    }

    /**
     * Asserts that an answer shows no internals: no exception or class name, no stack trace.
     *
     * @return the status and (the start of) the body, for failure messages
     */
    public static String assertNoInternals(io.restassured.response.Response response, String what) {
        String body = response.asString();
        String where = what + " answered " + response.getStatusCode() + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        for (String leak : List.of("Exception", "\tat ", "\n\tat", "java.", "io.callwire", "io.vertx", "io.quarkus", "org.hibernate",
                "com.fasterxml")) {
            if (body.contains(leak)) {
                throw new AssertionError("internals (" + leak + ") in the answer: " + where);
            }
        }
        return where;
    }

    /** Path segments that are not UUIDs, for {@code /{id}} routes. */
    public static List<String> badIds() {
        return List.of("not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", "%27%20OR%201%3D1", "..%2F..%2Fetc",
                "x".repeat(3_000), "%00");
    }

    /** Page and size values that no list takes. */
    public static List<Map.Entry<String, String>> badPaging() {
        return List.of(Map.entry("page", "-1"), Map.entry("size", "-5"), Map.entry("size", "0"), Map.entry("size", "100000000"),
                Map.entry("page", "99999999999999999999"), Map.entry("size", "ten"), Map.entry("page", "1e3"));
    }
}
