package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.security.Roles;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.testing.JsonFuzz;
import io.callwire.testing.ResourceMethods;
import io.callwire.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every REST endpoint of notifier-service fuzzed against its schema from a fixed seed (printed; set
 * {@code -Dcallwire.fuzz.seed=N} to replay): mutated bodies, bad content types, ids that are not
 * UUIDs, bad paging. Each answer is a 4xx problem+json that names the problem (or a success where the
 * mutation happens to be valid), never a 500 or a stack trace, and a refused write leaves nothing.
 */
@QuarkusTest
class RestFuzzTest {

    private static final long SEED = Long.getLong("callwire.fuzz.seed", 14_2026L);
    private static final int BODIES = 40;

    private static final String VALID = """
            {"name": "fuzz", "url": "https://203.0.113.10/hook/{{QueueId}}", "method": "POST", "events": ["QueueStatus"],
             "filter": {"entityIds": ["%s"], "queueIds": []},
             "payload": {"mode": "VARIABLES", "variables": [{"source": "QueueName", "name": "queue"}]},
             "auth": {"type": "BASIC", "username": "u", "password": "p"}, "headers": {"X-Tenant": "acme"},
             "timeoutMs": 2000, "maxConnections": 4, "retry": {"maxAttempts": 3, "scheduleSeconds": [1, 5]}, "enabled": true}
            """.formatted(UUID.randomUUID());

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "text/csv");

    private static int count(UUID org) {
        return as(org).get("/api/v1/webhooks").then().statusCode(200).extract().path("total");
    }

    /** The webhook as shown, without the time of its last update (an accepted fuzzed update is put back). */
    private static Map<String, Object> shown(UUID org, String hook) {
        Map<String, Object> view = new java.util.HashMap<>(as(org).get(hook).then().statusCode(200).extract().<Map<String, Object>>path(""));
        view.remove("updatedAt");
        return view;
    }

    private static RequestSpecification as(UUID org, String contentType) {
        return JsonFuzz.given().auth().oauth2(TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign()).contentType(contentType);
    }

    /** As {@link Api#as}, through {@link JsonFuzz#given()} (fuzzed bodies are not pretty-printed into the failure log). */
    private static RequestSpecification as(UUID org) {
        return as(org, "application/json");
    }

    @Test
    void everyEndpointRefusesBadInputCleanlyAndWritesNothingWhenItRefuses() {
        System.out.println("RestFuzzTest (notifier) seed " + SEED + " (replay with -Dcallwire.fuzz.seed=" + SEED + ")");
        UUID org = UUID.randomUUID();
        String existing = as(org).body(VALID).post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        String hook = "/api/v1/webhooks/" + existing;
        Map<String, Object> before = shown(org, hook);
        ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
        Random random = new Random(SEED);
        Set<String> tried = new TreeSet<>();
        int requests = 0;
        int accepted = 0;

        // bodies: create, update, preview (the webhook and the event), test-send
        for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(VALID, random, BODIES)) {
            int rows = count(org);
            Response created = as(org).body(mutation.body()).post("/api/v1/webhooks");
            requests++;
            if (JsonFuzz.assertRefusedCleanly(created, "create with " + mutation.what(), true)) {
                accepted++;
                as(org).delete("/api/v1/webhooks/" + created.path("id")).then().statusCode(204);
            } else {
                assertThat(count(org)).as("rows after a refused create with " + mutation.what()).isEqualTo(rows);
            }
            Response updated = as(org).body(mutation.body()).put(hook);
            requests++;
            if (!JsonFuzz.assertRefusedCleanly(updated, "update with " + mutation.what(), true)) {
                assertThat(shown(org, hook)).as("after a refused update with "
                        + mutation.what()).isEqualTo(before);
            } else {
                as(org).body(VALID).put(hook).then().statusCode(200);
            }
            JsonFuzz.assertRefusedCleanly(as(org).body(PreviewTest.preview(mutation.body(), event)).post("/api/v1/webhooks/preview"),
                    "preview of " + mutation.what(), true);
            JsonFuzz.assertRefusedCleanly(as(org).body("{\"webhook\": " + VALID + ", \"event\": " + mutation.body() + "}")
                    .post("/api/v1/webhooks/preview"), "preview of an event with " + mutation.what(), true);
            JsonFuzz.assertRefusedCleanly(as(org).body(mutation.body()).post("/api/v1/webhooks/preview"),
                    "preview request of " + mutation.what(), true);
            requests += 3;
        }
        tried.addAll(List.of("POST /api/v1/webhooks", "PUT /api/v1/webhooks/{id}", "POST /api/v1/webhooks/preview"));
        // no body (or JSON null) names no event: the webhook's first event is sent, as documented
        for (String body : List.of("", "null")) {
            JsonFuzz.assertRefusedCleanly(as(org).body(body).post(hook + "/test"), "test-send with " + body, true);
            requests++;
        }
        for (String body : List.of("[]", "{\"event\": 42}", "{\"event\": \"NoSuchEvent\"}", "{\"event\": \"" + "x".repeat(40_000) + "\"}",
                "{\"event\":")) {
            JsonFuzz.assertRefusedCleanly(as(org).body(body).post(hook + "/test"), "test-send with " + body, false);
            requests++;
        }
        tried.add("POST /api/v1/webhooks/{id}/test");

        // content types other than JSON on every write
        int rows = count(org);
        for (String type : CONTENT_TYPES) {
            JsonFuzz.assertRefusedCleanly(as(org, type).body(VALID).post("/api/v1/webhooks"), "create as " + type, false);
            JsonFuzz.assertRefusedCleanly(as(org, type).body(VALID).put(hook), "update as " + type, false);
            JsonFuzz.assertRefusedCleanly(as(org, type).body(VALID).post("/api/v1/webhooks/preview"), "preview as " + type, false);
            JsonFuzz.assertRefusedCleanly(as(org, type).body("{\"event\":\"QueueStatus\"}").post(hook + "/test"), "test-send as " + type, false);
            requests += 4;
        }
        assertThat(count(org)).isEqualTo(rows);

        // ids that are not UUIDs, on every route with an id
        for (String id : JsonFuzz.badIds()) {
            String webhook = "/api/v1/webhooks/" + id;
            String delivery = "/api/v1/deliveries/" + id;
            List<Response> answers = List.of(as(org).get(webhook), as(org).body(VALID).put(webhook), as(org).delete(webhook),
                    as(org).post(webhook + "/rotate-secret"), as(org).get(webhook + "/deliveries"),
                    as(org).body("{\"event\":\"QueueStatus\"}").post(webhook + "/test"),
                    as(org).queryParam("since", "2026-01-01T00:00:00Z").post(webhook + "/recover"),
                    as(org).get(delivery), as(org).post(delivery + "/resend"));
            for (Response answer : answers) {
                JsonFuzz.assertRefusedCleanly(answer, "id " + (id.length() > 20 ? id.substring(0, 20) + "..." : id), false);
                requests++;
            }
        }
        tried.addAll(List.of("GET /api/v1/webhooks/{id}", "DELETE /api/v1/webhooks/{id}", "POST /api/v1/webhooks/{id}/rotate-secret",
                "GET /api/v1/webhooks/{id}/deliveries", "POST /api/v1/webhooks/{id}/recover", "GET /api/v1/deliveries/{id}",
                "POST /api/v1/deliveries/{id}/resend"));

        // paging and filters of the lists, and the recover window
        for (Map.Entry<String, String> bad : JsonFuzz.badPaging()) {
            JsonFuzz.assertRefusedCleanly(as(org).queryParam(bad.getKey(), bad.getValue()).get("/api/v1/webhooks"),
                    "webhooks " + bad, false);
            JsonFuzz.assertRefusedCleanly(as(org).queryParam(bad.getKey(), bad.getValue()).get(hook + "/deliveries"),
                    "deliveries " + bad, false);
            requests += 2;
        }
        for (String status : List.of("NOPE", "", "delivered;drop")) {
            JsonFuzz.assertRefusedCleanly(as(org).queryParam("status", status).get(hook + "/deliveries"), "status " + status, true);
            requests++;
        }
        for (String since : List.of("yesterday", "", "2026-13-45T99:99:99Z", "1e9")) {
            JsonFuzz.assertRefusedCleanly(as(org).queryParam("since", since).post(hook + "/recover"), "recover since " + since, false);
            requests++;
        }
        // the earliest instant there is: a valid time (every dead delivery is recovered), not a refusal
        JsonFuzz.assertRefusedCleanly(as(org).queryParam("since", "-999999999-01-01T00:00:00Z").post(hook + "/recover"),
                "recover since the earliest instant", true);
        requests++;
        tried.add("GET /api/v1/webhooks");

        assertThat(ResourceMethods.missing(ResourceMethods.ofThisModule(), tried)).as("endpoints not fuzzed").isEmpty();
        assertThat(shown(org, hook)).isEqualTo(before);
        System.out.printf("RestFuzzTest (notifier): %d requests on %d endpoints, %d mutated bodies accepted as valid%n",
                requests, tried.size(), accepted);
    }
}
