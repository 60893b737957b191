package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.testing.JsonFuzz;
import io.callwire.testing.ResourceMethods;
import io.callwire.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every REST endpoint of subscription-service fuzzed against its schema from a fixed seed (printed; set
 * {@code -Dcallwire.fuzz.seed=N} to replay): mutated bodies, bad content types, ids that are not UUIDs,
 * bad paging and organization ids. Each answer is a 4xx problem+json that names the problem (or a
 * success where the mutation happens to be valid), never a 500 or a stack trace, and a refused write
 * leaves the row counts as they were.
 */
@QuarkusTest
class RestFuzzTest {

    private static final long SEED = Long.getLong("callwire.fuzz.seed", 14_2026L);
    private static final int BODIES = 40;
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "text/csv");

    private final UUID org = UUID.randomUUID();
    private final String token = TestTokens.access(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign();

    private RequestSpecification rest() {
        return rest("application/json");
    }

    private RequestSpecification rest(String contentType) {
        return JsonFuzz.given().auth().oauth2(token).contentType(contentType);
    }

    /** A grant as shown, without the time of its last update (an accepted fuzzed update is put back). */
    private Map<String, Object> shown(String grant) {
        Map<String, Object> view = new java.util.HashMap<>(rest().get(grant).then().statusCode(200).extract().<Map<String, Object>>path(""));
        view.remove("updatedAt");
        return view;
    }

    private int count(String list) {
        return rest().get(list).then().statusCode(200).extract().path("total");
    }

    @Test
    void everyEndpointRefusesBadInputCleanlyAndWritesNothingWhenItRefuses() {
        System.out.println("RestFuzzTest (subscription) seed " + SEED + " (replay with -Dcallwire.fuzz.seed=" + SEED + ")");
        Random random = new Random(SEED);
        Set<String> tried = new TreeSet<>();
        int requests = 0;
        int accepted = 0;
        UUID queue = UUID.randomUUID();
        rest().body(Map.of("entityType", "Queue", "id", queue.toString(), "name", "Sales")).post("/api/v1/entities").then().statusCode(201);
        String grantJson = """
                {"principalType": "ROLE", "principal": "agent", "entityType": "Queue", "entityId": "%s", "events": ["QueueStatus"]}
                """.formatted(queue);
        String grant = "/api/v1/permissions/" + rest().body(grantJson).post("/api/v1/permissions").then().statusCode(201).extract().path("id");
        Map<String, Object> grantBefore = shown(grant);

        String entityJson = "{\"entityType\": \"Queue\", \"id\": \"" + UUID.randomUUID() + "\", \"name\": \"Support\"}";
        for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(entityJson, random, BODIES)) {
            int rows = count("/api/v1/entities");
            Response created = rest().body(mutation.body()).post("/api/v1/entities");
            requests++;
            if (JsonFuzz.assertRefusedCleanly(created, "entity with " + mutation.what(), true)) {
                accepted++;
                rest().delete("/api/v1/entities/" + created.path("id")).then().statusCode(204);
            } else {
                assertThat(count("/api/v1/entities")).as("entities after a refused " + mutation.what()).isEqualTo(rows);
            }
        }
        for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(grantJson, random, BODIES)) {
            int rows = count("/api/v1/permissions");
            Response created = rest().body(mutation.body()).post("/api/v1/permissions");
            requests++;
            if (JsonFuzz.assertRefusedCleanly(created, "grant with " + mutation.what(), true)) {
                accepted++;
                rest().delete("/api/v1/permissions/" + created.path("id")).then().statusCode(204);
            } else {
                assertThat(count("/api/v1/permissions")).as("grants after a refused " + mutation.what()).isEqualTo(rows);
            }
            Response updated = rest().body(mutation.body()).put(grant);
            requests++;
            if (JsonFuzz.assertRefusedCleanly(updated, "grant update with " + mutation.what(), true)) {
                rest().body(grantJson).put(grant).then().statusCode(200);
            } else {
                assertThat(shown(grant)).as("grant after a refused update with " + mutation.what())
                        .isEqualTo(grantBefore);
            }
        }
        tried.addAll(List.of("POST /api/v1/entities", "POST /api/v1/permissions", "PUT /api/v1/permissions/{id}"));

        int entities = count("/api/v1/entities");
        int grants = count("/api/v1/permissions");
        for (String type : CONTENT_TYPES) {
            JsonFuzz.assertRefusedCleanly(rest(type).body(entityJson).post("/api/v1/entities"), "entity as " + type, false);
            JsonFuzz.assertRefusedCleanly(rest(type).body(grantJson).post("/api/v1/permissions"), "grant as " + type, false);
            JsonFuzz.assertRefusedCleanly(rest(type).body(grantJson).put(grant), "grant update as " + type, false);
            requests += 3;
        }
        assertThat(count("/api/v1/entities")).isEqualTo(entities);
        assertThat(count("/api/v1/permissions")).isEqualTo(grants);

        for (String id : JsonFuzz.badIds()) {
            for (Response answer : List.of(rest().get("/api/v1/entities/" + id), rest().delete("/api/v1/entities/" + id),
                    rest().get("/api/v1/permissions/" + id), rest().body(grantJson).put("/api/v1/permissions/" + id),
                    rest().delete("/api/v1/permissions/" + id))) {
                JsonFuzz.assertRefusedCleanly(answer, "id " + (id.length() > 20 ? id.substring(0, 20) + "..." : id), false);
                requests++;
            }
        }
        tried.addAll(List.of("GET /api/v1/entities/{id}", "DELETE /api/v1/entities/{id}", "GET /api/v1/permissions/{id}",
                "DELETE /api/v1/permissions/{id}"));

        for (Map.Entry<String, String> bad : JsonFuzz.badPaging()) {
            for (String list : List.of("/api/v1/entities", "/api/v1/permissions")) {
                JsonFuzz.assertRefusedCleanly(rest().queryParam(bad.getKey(), bad.getValue()).get(list), list + " " + bad, false);
                requests++;
            }
        }
        for (String organizationId : List.of("not-a-guid", "' OR 1=1 --", "x".repeat(3_000))) {
            for (String list : List.of("/api/v1/entities", "/api/v1/permissions", "/api/v1/sessions")) {
                JsonFuzz.assertRefusedCleanly(rest().queryParam("organizationId", organizationId).get(list), list + " organizationId", false);
                requests++;
            }
        }
        for (String type : List.of("Agent", "", "Queue;DROP")) {
            JsonFuzz.assertRefusedCleanly(rest().queryParam("type", type).get("/api/v1/entities"), "type " + type, true);
            requests++;
        }
        tried.addAll(List.of("GET /api/v1/entities", "GET /api/v1/permissions", "GET /api/v1/sessions"));
        // the Engine.IO transport answers in its own protocol, fuzzed in WebSocketFuzzTest
        tried.addAll(List.of("GET /socket.io", "POST /socket.io"));

        assertThat(ResourceMethods.missing(ResourceMethods.ofThisModule(), tried)).as("endpoints not fuzzed").isEmpty();
        assertThat(shown(grant)).isEqualTo(grantBefore);
        System.out.printf("RestFuzzTest (subscription): %d requests on %d endpoints, %d mutated bodies accepted as valid%n",
                requests, tried.size(), accepted);
    }
}
