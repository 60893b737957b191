package io.callwire.testing;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;

/**
 * The one problem+json shape every Callwire REST API answers errors with (RFC 9457), checked the
 * same way in every service's tests: {@code Content-Type: application/problem+json},
 * {@code type} = {@code https://callwire.dev/problems/<slug>}, {@code title}, {@code status} equal
 * to the HTTP status, a non-empty {@code detail}, {@code instance} = the request path, and
 * {@code errors: [{field, message}]} only on validation failures (400), nothing else.
 */
public final class ProblemAssertions {

    /** The prefix of every problem {@code type}. */
    public static final String TYPE_PREFIX = "https://callwire.dev/problems/";

    private static final List<String> MEMBERS = List.of("type", "title", "status", "detail", "instance", "errors");

    private ProblemAssertions() {
    }

    /**
     * Asserts that {@code response} is a problem of {@code status} for the request {@code path}
     * and returns its body for further checks.
     */
    public static Map<String, Object> assertProblem(Response response, int status, String path) {
        String where = response.getStatusCode() + " " + response.asString();
        check(response.getStatusCode() == status, "status " + status + " expected, got " + where);
        String contentType = response.getContentType();
        check(contentType != null && contentType.startsWith("application/problem+json"),
                "Content-Type application/problem+json expected, got " + contentType + ": " + where);
        Map<String, Object> body = response.jsonPath().getMap("$");
        check(body != null, "a JSON object body expected: " + where);
        for (String member : body.keySet()) {
            check(MEMBERS.contains(member), "unexpected member " + member + ": " + where);
        }
        check(body.get("type") instanceof String type && type.startsWith(TYPE_PREFIX) && type.length() > TYPE_PREFIX.length(),
                "type " + TYPE_PREFIX + "<slug> expected: " + where);
        check(body.get("title") instanceof String title && !title.isBlank(), "a title expected: " + where);
        check(body.get("status") instanceof Number number && number.intValue() == status, "status member " + status + " expected: " + where);
        check(body.get("detail") instanceof String detail && !detail.isBlank(), "a detail expected: " + where);
        check(path.equals(body.get("instance")), "instance " + path + " expected: " + where);
        if (body.containsKey("errors")) {
            check(status == 400, "errors only on 400: " + where);
            check(body.get("errors") instanceof List<?> errors && !errors.isEmpty() && errors.stream().allMatch(e ->
                    e instanceof Map<?, ?> error && error.get("field") instanceof String && error.get("message") instanceof String
                            && error.size() == 2), "errors as [{field, message}] expected: " + where);
        }
        return body;
    }

    /** As {@link #assertProblem(Response, int, String)}, and the {@code type} ends with {@code slug}. */
    public static Map<String, Object> assertProblem(Response response, int status, String path, String slug) {
        Map<String, Object> body = assertProblem(response, status, path);
        check((TYPE_PREFIX + slug).equals(body.get("type")), "type " + TYPE_PREFIX + slug + " expected: " + body);
        return body;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
