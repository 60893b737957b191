package io.callwire.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.testing.JsonFuzz;
import io.callwire.testing.ResourceMethods;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Every REST endpoint of auth-service fuzzed against its schema from a fixed seed (printed; set
 * {@code -Dcallwire.fuzz.seed=N} to replay): mutated JSON bodies of the organization, user, client and
 * Axialys calls, foreign content types, ids that are not UUIDs, bad paging, organization ids and
 * revocation cursors, and malformed OAuth forms and client credentials. Each answer is a 4xx
 * problem+json naming the problem (the OAuth endpoints answer RFC 6749 error bodies on purpose), or a
 * success where the mutation is still valid, never a 500 or a stack trace; after every refusal the
 * organizations, users and clients are as many as before and the fuzzed ones unchanged.
 */
@QuarkusTest
class RestFuzzTest {

    private static final long SEED = Long.getLong("callwire.fuzz.seed", 14_2026L);
    private static final int BODIES = 30;
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "text/csv");
    /** RFC 6749 5.2 and RFC 7009 2.2.1 error codes. */
    private static final Set<String> OAUTH_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
            "unsupported_grant_type", "invalid_scope", "unsupported_token_type", "slow_down");
    /** No such user: failed sign-ins lock only this name (and a fresh address per request). */
    private static final String NOBODY = "nobody-fuzz@fuzz.test";

    @Inject
    Bootstrap bootstrap;

    private String root;
    private int requests;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
        root = Api.root();
    }

    /** A request from a fresh address (the sign-in throttle counts per address). */
    private static RequestSpecification fresh() {
        return JsonFuzz.given().header("X-Forwarded-For", Api.freshAddress());
    }

    private RequestSpecification rest(String contentType) {
        return fresh().header("Authorization", "Bearer " + root).contentType(contentType);
    }

    private RequestSpecification rest() {
        return rest("application/json");
    }

    /** How many organizations, users and clients exist (of every organization, and of the fuzzed one). */
    private Map<String, Integer> rows(String org) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        rows.put("organizations", total("/api/v1/organizations?size=1"));
        rows.put("users", total("/api/v1/users?size=1"));
        rows.put("users of the organization", total("/api/v1/users?size=1&organizationId=" + org));
        rows.put("clients", total("/api/v1/clients?size=1"));
        rows.put("clients of the organization", total("/api/v1/clients?size=1&organizationId=" + org));
        return rows;
    }

    private int total(String list) {
        return rest().get(list).then().statusCode(200).extract().path("total");
    }

    /** A resource as shown, without the time of its last update (an accepted fuzzed change is put back). */
    private Map<String, Object> shown(String path) {
        Map<String, Object> view = new HashMap<>(rest().get(path).then().statusCode(200).extract().<Map<String, Object>>path(""));
        view.remove("updatedAt");
        return view;
    }

    private String created(String path, String json) {
        return rest().body(json).post(path).then().statusCode(201).extract().path("id");
    }

    /** An RFC 6749 refusal: 400, 401 or 429, JSON {error, error_description}, nothing internal (or the 413 problem of the body limit). */
    private void assertOAuthRefusal(Response response, String what) {
        if (response.statusCode() == 413) {
            // the body limit answers before the endpoint is reached, in the one problem shape
            refused(response, what, false);
            return;
        }
        requests++;
        String where = JsonFuzz.assertNoInternals(response, what);
        assertThat(response.statusCode()).as(where).isIn(400, 401, 429);
        assertThat(response.contentType()).as(where).startsWith("application/json");
        assertThat(response.<String>path("error")).as(where).isIn(OAUTH_ERRORS);
        assertThat(response.<String>path("error_description")).as(where).isNotBlank();
    }

    private boolean refused(Response response, String what, boolean successAllowed) {
        requests++;
        return !JsonFuzz.assertRefusedCleanly(response, what, successAllowed);
    }

    @Test
    void everyEndpointRefusesBadInputCleanlyAndWritesNothingWhenItRefuses() {
        System.out.println("RestFuzzTest (auth) seed " + SEED + " (replay with -Dcallwire.fuzz.seed=" + SEED + ")");
        Random random = new Random(SEED);
        Set<String> tried = new TreeSet<>();
        int accepted = 0;
        long n = System.nanoTime();
        String org = created("/api/v1/organizations", "{\"name\": \"Fuzz " + n + "\"}");
        String orgPath = "/api/v1/organizations/" + org;
        String userJson = """
                {"organizationId": "%s", "username": "fuzz-%d@fuzz.test", "displayName": "Fuzz", "password": "password-123",
                 "roles": ["agent"]}""".formatted(org, n);
        String userPath = "/api/v1/users/" + created("/api/v1/users", userJson);
        String clientJson = """
                {"organizationId": "%s", "clientId": "fuzz-%d", "name": "Fuzz", "roles": ["integration"]}""".formatted(org, n);
        String clientPath = "/api/v1/clients/" + created("/api/v1/clients", clientJson);

        // the same valid bodies for a second create (unique names) and for the changes
        String orgDraft = "{\"name\": \"Fuzz draft " + n + "\"}";
        String userDraft = userJson.replace("fuzz-" + n, "fuzz-draft-" + n);
        String clientDraft = clientJson.replace("fuzz-" + n, "fuzz-draft-" + n);
        String orgChanges = "{\"name\": \"Fuzz " + n + "\", \"enabled\": true, \"bindTokensToIp\": false}";
        String userChanges = "{\"displayName\": \"Fuzz\", \"password\": \"password-123\", \"roles\": [\"agent\"], \"enabled\": true}";
        String clientChanges = "{\"name\": \"Fuzz\", \"roles\": [\"integration\"], \"enabled\": true}";
        Map<String, String> creates = new LinkedHashMap<>();
        creates.put("/api/v1/organizations", orgDraft);
        creates.put("/api/v1/users", userDraft);
        creates.put("/api/v1/clients", clientDraft);
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put(orgPath, orgChanges);
        changes.put(userPath, userChanges);
        changes.put(clientPath, clientChanges);
        Map<String, Map<String, Object>> before = new LinkedHashMap<>();
        changes.keySet().forEach(path -> before.put(path, shown(path)));
        Map<String, Integer> rows = rows(org);

        // bodies: every create and every change
        for (Map.Entry<String, String> create : creates.entrySet()) {
            for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(create.getValue(), random, BODIES)) {
                Response answer = rest().body(mutation.body()).post(create.getKey());
                if (refused(answer, "POST " + create.getKey() + " with " + mutation.what(), true)) {
                    assertThat(rows(org)).as("after a refused POST " + create.getKey() + " with " + mutation.what()).isEqualTo(rows);
                } else {
                    accepted++;
                    rest().delete(create.getKey() + "/" + answer.path("id")).then().statusCode(204);
                }
            }
        }
        for (Map.Entry<String, String> change : changes.entrySet()) {
            for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(change.getValue(), random, BODIES)) {
                Response answer = rest().body(mutation.body()).patch(change.getKey());
                if (refused(answer, "PATCH " + change.getKey() + " with " + mutation.what(), true)) {
                    assertThat(shown(change.getKey())).as("after a refused change with " + mutation.what())
                            .isEqualTo(before.get(change.getKey()));
                } else {
                    accepted++;
                    rest().body(change.getValue()).patch(change.getKey()).then().statusCode(200);
                }
            }
        }
        assertThat(rows(org)).isEqualTo(rows);
        tried.addAll(List.of("POST /api/v1/organizations", "POST /api/v1/users", "POST /api/v1/clients",
                "PATCH /api/v1/organizations/{id}", "PATCH /api/v1/users/{id}", "PATCH /api/v1/clients/{id}"));

        // content types other than JSON on every JSON write
        for (String type : CONTENT_TYPES) {
            creates.forEach((path, json) -> refused(rest(type).body(json).post(path), "POST " + path + " as " + type, false));
            changes.forEach((path, json) -> refused(rest(type).body(json).patch(path), "PATCH " + path + " as " + type, false));
        }
        assertThat(rows(org)).isEqualTo(rows);
        before.forEach((path, view) -> assertThat(shown(path)).as(path).isEqualTo(view));

        // ids that are not UUIDs, on every route with an id
        for (String id : JsonFuzz.badIds()) {
            String what = "id " + (id.length() > 20 ? id.substring(0, 20) + "..." : id);
            for (String kind : List.of("users", "clients", "organizations")) {
                String path = "/api/v1/" + kind + "/" + id;
                refused(rest().get(path), "GET " + what, false);
                refused(rest().body(changes.values().iterator().next()).patch(path), "PATCH " + what, false);
                refused(rest().delete(path), "DELETE " + what, false);
                refused(rest().post(path + "/disable"), "disable " + what, false);
            }
            refused(rest().post("/api/v1/users/" + id + "/enable"), "enable " + what, false);
            refused(rest().get("/token/" + id + "/rte"), "RTE token for " + what, false);
        }
        assertThat(rows(org)).isEqualTo(rows);
        tried.addAll(List.of("GET /api/v1/users/{id}", "DELETE /api/v1/users/{id}", "POST /api/v1/users/{id}/disable",
                "POST /api/v1/users/{id}/enable", "GET /api/v1/clients/{id}", "DELETE /api/v1/clients/{id}",
                "POST /api/v1/clients/{id}/disable", "GET /api/v1/organizations/{id}", "DELETE /api/v1/organizations/{id}",
                "POST /api/v1/organizations/{id}/disable", "GET /token/{userId}/rte"));

        // paging, organization ids, revocation cursors and flags of the reads
        for (Map.Entry<String, String> bad : JsonFuzz.badPaging()) {
            for (String list : List.of("/api/v1/users", "/api/v1/clients", "/api/v1/organizations")) {
                refused(rest().queryParam(bad.getKey(), bad.getValue()).get(list), list + " " + bad, false);
            }
        }
        for (String organizationId : List.of("not-a-guid", "' OR 1=1 --", "x".repeat(3_000))) {
            for (String list : List.of("/api/v1/users", "/api/v1/clients")) {
                refused(rest().queryParam("organizationId", organizationId).get(list), list + " organizationId", false);
            }
        }
        for (Map.Entry<String, String> bad : List.of(Map.entry("since", "yesterday"), Map.entry("since", "2026-13-45T99:99:99Z"),
                Map.entry("since", "-999999999-01-01T00:00:00Z"), Map.entry("after", "not-a-cursor"), Map.entry("after", "x".repeat(3_000)),
                Map.entry("after", "' OR 1=1 --"), Map.entry("size", "0"), Map.entry("size", "1001"), Map.entry("size", "ten"))) {
            refused(rest().queryParam(bad.getKey(), bad.getValue()).get("/api/v1/revocations"), "revocations " + bad, false);
        }
        for (String flag : List.of("maybe", "", "1", "x".repeat(3_000))) {
            refused(rest().queryParam("bindIp", flag).get("/token/me/rte"), "my RTE token bindIp=" + flag, true);
            refused(rest().queryParam("bindIp", flag).get(userPath.replace("/api/v1/users/", "/token/") + "/rte"), "RTE token bindIp=" + flag, true);
            refused(rest().queryParam("unknown", flag).get("/api/v1/keys"), "keys with a query", true);
            refused(fresh().queryParam("unknown", flag).get("/.well-known/jwks.json"), "JWKS with a query", true);
            refused(fresh().queryParam("unknown", flag).get("/.well-known/openid-configuration"), "discovery with a query", true);
        }
        // rotating takes no input; a body is refused for lack of the role before anything rotates
        String orgAdmin = Api.admin();
        for (String type : CONTENT_TYPES) {
            refused(fresh().header("Authorization", "Bearer " + orgAdmin).contentType(type).body("{\"kid\": \"x\"}")
                    .post("/api/v1/keys/rotate"), "rotate as an org-admin as " + type, false);
        }
        tried.addAll(List.of("GET /api/v1/users", "GET /api/v1/clients", "GET /api/v1/organizations", "GET /api/v1/revocations",
                "GET /token/me/rte", "GET /api/v1/keys", "POST /api/v1/keys/rotate", "GET /.well-known/jwks.json",
                "GET /.well-known/openid-configuration"));

        // the OAuth endpoints: malformed forms and client credentials, RFC 6749 errors
        String longText = "x".repeat(40_000);
        List<Map<String, String>> forms = List.of(Map.of(), Map.of("grant_type", ""), Map.of("grant_type", "implicit"),
                Map.of("grant_type", longText), Map.of("grant_type", "password"), Map.of("grant_type", "password", "username", NOBODY),
                Map.of("grant_type", "password", "username", longText, "password", longText),
                Map.of("grant_type", "password", "username", NOBODY + "\u0000", "password", "x\u0000"),
                Map.of("grant_type", "password", "username", "' OR 1=1 --", "password", "' OR 1=1 --"),
                Map.of("grant_type", "client_credentials"), Map.of("grant_type", "client_credentials", "client_id", "nobody"),
                Map.of("grant_type", "client_credentials", "client_id", longText, "client_secret", longText),
                Map.of("grant_type", "refresh_token"), Map.of("grant_type", "refresh_token", "refresh_token", "not-a-token"),
                Map.of("grant_type", "refresh_token", "refresh_token", longText),
                Map.of("grant_type", "password", "username", NOBODY, "password", "x", "bind_ip", longText));
        for (Map<String, String> form : forms) {
            assertOAuthRefusal(fresh().formParams(form).post("/oauth/token"), "token with " + abbreviated(form));
        }
        assertOAuthRefusal(fresh().formParam("grant_type", "password").formParam("grant_type", "client_credentials")
                .post("/oauth/token"), "token with a repeated grant_type");
        for (String basic : List.of("Basic !!!not-base64!!!", "Basic " + b64("no-colon"), "Basic " + b64(":"), "Basic " + b64("x".repeat(6_000) + ":y"),
                "Basic " + b64("%zz:%zz"), "Basic ")) {
            assertOAuthRefusal(fresh().header("Authorization", basic).formParam("grant_type", "client_credentials").post("/oauth/token"),
                    "token with client authentication " + (basic.length() > 30 ? basic.substring(0, 30) + "..." : basic));
        }
        for (String type : List.of("application/json", "text/plain", "application/xml")) {
            assertOAuthRefusal(fresh().contentType(type).body("{\"grant_type\": \"client_credentials\"}").post("/oauth/token"),
                    "token as " + type);
            assertOAuthRefusal(fresh().contentType(type).body("{\"token\": \"x\"}").post("/oauth/revoke"), "revoke as " + type);
        }
        assertOAuthRefusal(fresh().formParams(Map.of()).post("/oauth/revoke"), "revoke without a token");
        assertOAuthRefusal(fresh().formParam("token", "a").formParam("token", "b").post("/oauth/revoke"), "revoke with two tokens");
        for (String token : List.of("not-a-token", longText, "' OR 1=1 --", "eyJhbGciOiJub25lIn0.e30.")) {
            // RFC 7009: an unknown token is not an error
            Response answer = fresh().formParam("token", token).post("/oauth/revoke");
            requests++;
            assertThat(answer.statusCode()).as(JsonFuzz.assertNoInternals(answer, "revoke of garbage")).isIn(200, 400, 401);
        }
        assertThat(rows(org)).isEqualTo(rows);
        tried.addAll(List.of("POST /oauth/token", "POST /oauth/revoke"));

        // the Axialys calls: mutated X-JSON headers and bodies, for a login that does not exist
        String init = "{\"requete\": \"init\", \"header\": {\"login\": \"" + NOBODY + "\", \"password\": \"x\", \"account_type\": \"supervisor\"},"
                + " \"msg\": {}}";
        for (JsonFuzz.Mutation mutation : JsonFuzz.mutations(init, random, BODIES)) {
            if (mutation.body().length() > 8_000) {
                continue; // a header that long is the size limit's (431), tested in OversizedRequestTest
            }
            refused(fresh().header("X-JSON", mutation.body()).post("/axialys/ws"), "X-JSON with " + mutation.what(), false);
        }
        refused(fresh().post("/axialys/ws"), "no X-JSON", false);
        String basic = "Basic " + b64(NOBODY + ":x");
        for (JsonFuzz.Mutation mutation : JsonFuzz.mutations("{\"user_type\": \"agent\"}", random, BODIES)) {
            refused(fresh().header("Authorization", basic).contentType("application/json").body(mutation.body()).post("/axialys/vm/token"),
                    "vm token with " + mutation.what(), false);
        }
        for (String type : CONTENT_TYPES) {
            refused(fresh().header("Authorization", basic).contentType(type).body("{\"user_type\": \"agent\"}").post("/axialys/vm/token"),
                    "vm token as " + type, false);
        }
        assertThat(rows(org)).isEqualTo(rows);
        tried.addAll(List.of("POST /axialys/ws", "POST /axialys/vm/token"));

        assertThat(ResourceMethods.missing(ResourceMethods.ofThisModule(), tried)).as("endpoints not fuzzed").isEmpty();
        before.forEach((path, view) -> assertThat(shown(path)).as(path).isEqualTo(view));
        System.out.printf("RestFuzzTest (auth): %d requests on %d endpoints, %d mutated bodies accepted as valid%n",
                requests, tried.size(), accepted);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviated(Map<String, String> form) {
        String text = form.toString();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
