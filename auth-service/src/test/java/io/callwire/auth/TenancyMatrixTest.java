package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.ResourceMethods;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Tenancy across every REST endpoint of auth-service: the demo organization (A) and a look-alike
 * one (B: a user with the same display name and roles, a client of the same name), and every endpoint
 * tried by B's org-admin with A's ids. Nothing crosses: a foreign id is a 404 problem (403 where only a
 * platform administrator may act at all), lists hold only B's own, and A's user, client and session
 * still work afterwards. The matrix is checked against the resource methods compiled in this module,
 * so an endpoint added without a tenancy case fails this test.
 */
@QuarkusTest
class TenancyMatrixTest {

    @Inject
    Bootstrap bootstrap;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    private static void problem(io.restassured.response.Response response, int status, String path) {
        ProblemAssertions.assertProblem(response, status, path);
    }

    @Test
    void noEndpointLetsOneOrganizationSeeOrTouchAnothersUsersClientsOrOrganization() {
        String root = Api.root();
        String adminA = Api.admin();
        String orgB = bearer(root).contentType(ContentType.JSON).body(Map.of("name", "Demo look-alike " + System.nanoTime()))
                .post("/api/v1/organizations").then().statusCode(201).extract().path("id");
        String usernameB = "admin-" + System.nanoTime() + "@lookalike.test";
        bearer(root).contentType(ContentType.JSON).body(Map.of("organizationId", orgB, "username", usernameB,
                "displayName", "Agent One", "password", "password-123", "roles", List.of("org-admin"))).post("/api/v1/users")
                .then().statusCode(201);
        String adminB = Api.signIn(usernameB, "password-123");
        String clientName = "CRM " + System.nanoTime();
        var clientA = bearer(adminA).contentType(ContentType.JSON)
                .body(Map.of("clientId", "crm-a-" + System.nanoTime(), "name", clientName, "roles", List.of("integration")))
                .post("/api/v1/clients").then().statusCode(201).extract();
        String clientB = bearer(adminB).contentType(ContentType.JSON)
                .body(Map.of("clientId", "crm-b-" + System.nanoTime(), "name", clientName, "roles", List.of("integration")))
                .post("/api/v1/clients").then().statusCode(201).extract().path("id");
        var signInA = Api.from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", "agent1@demo.test")
                .formParam("password", "demo").post("/oauth/token").then().statusCode(200).extract();
        String refreshA = signInA.path("refresh_token");

        String userA = "/api/v1/users/" + Api.AGENT1_ID;
        String clientPathA = "/api/v1/clients/" + clientA.path("id");
        String orgA = "/api/v1/organizations/" + Api.DEMO_ORG;
        Map<String, Runnable> matrix = new LinkedHashMap<>();
        matrix.put("GET /api/v1/users", () -> {
            String list = bearer(adminB).get("/api/v1/users?size=100").then().statusCode(200).extract().asString();
            assertThat(list).doesNotContain(Api.DEMO_ORG.toString()).doesNotContain("@demo.test");
            bearer(adminB).get("/api/v1/users?organizationId=" + Api.DEMO_ORG).then().statusCode(200).body("total", equalTo(0));
        });
        matrix.put("POST /api/v1/users", () -> bearer(adminB).contentType(ContentType.JSON)
                .body(Map.of("organizationId", Api.DEMO_ORG.toString(), "username", "plant-" + System.nanoTime() + "@demo.test",
                        "displayName", "Plant", "password", "password-123", "roles", List.of("org-admin")))
                .post("/api/v1/users").then().statusCode(400));
        matrix.put("GET /api/v1/users/{id}", () -> problem(bearer(adminB).get(userA), 404, userA));
        matrix.put("PATCH /api/v1/users/{id}", () -> problem(bearer(adminB).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Hacked", "password", "taken-over-123")).patch(userA), 404, userA));
        matrix.put("POST /api/v1/users/{id}/disable", () -> problem(bearer(adminB).post(userA + "/disable"), 404, userA + "/disable"));
        matrix.put("POST /api/v1/users/{id}/enable", () -> problem(bearer(adminB).post(userA + "/enable"), 404, userA + "/enable"));
        matrix.put("DELETE /api/v1/users/{id}", () -> problem(bearer(adminB).delete(userA), 404, userA));
        matrix.put("GET /api/v1/clients", () -> assertThat(bearer(adminB).get("/api/v1/clients").then().statusCode(200).extract()
                .<List<String>>path("items.id")).containsExactly(clientB));
        matrix.put("POST /api/v1/clients", () -> {
            // created in B whatever the body says
            String created = bearer(adminB).contentType(ContentType.JSON).body(Map.of("clientId", "crm-c-" + System.nanoTime(),
                    "name", "Other", "roles", List.of("integration"), "organizationId", Api.DEMO_ORG.toString()))
                    .post("/api/v1/clients").then().extract().path("id");
            assertThat(bearer(adminA).get("/api/v1/clients").then().statusCode(200).extract().<List<String>>path("items.id"))
                    .doesNotContain(created);
        });
        matrix.put("GET /api/v1/clients/{id}", () -> problem(bearer(adminB).get(clientPathA), 404, clientPathA));
        matrix.put("PATCH /api/v1/clients/{id}", () -> problem(bearer(adminB).contentType(ContentType.JSON)
                .body(Map.of("name", "Hacked")).patch(clientPathA), 404, clientPathA));
        matrix.put("POST /api/v1/clients/{id}/disable", () -> problem(bearer(adminB).post(clientPathA + "/disable"), 404, clientPathA + "/disable"));
        matrix.put("DELETE /api/v1/clients/{id}", () -> problem(bearer(adminB).delete(clientPathA), 404, clientPathA));
        matrix.put("GET /api/v1/organizations", () -> assertThat(bearer(adminB).get("/api/v1/organizations").then().statusCode(200)
                .extract().<List<String>>path("items.id")).containsExactly(orgB));
        matrix.put("POST /api/v1/organizations", () -> problem(bearer(adminB).contentType(ContentType.JSON).body(Map.of("name", "Mine"))
                .post("/api/v1/organizations"), 403, "/api/v1/organizations"));
        matrix.put("GET /api/v1/organizations/{id}", () -> problem(bearer(adminB).get(orgA), 404, orgA));
        matrix.put("PATCH /api/v1/organizations/{id}", () -> assertThat(bearer(adminB).contentType(ContentType.JSON)
                .body(Map.of("name", "Hacked")).patch(orgA).statusCode()).isIn(403, 404));
        matrix.put("POST /api/v1/organizations/{id}/disable", () -> assertThat(bearer(adminB).post(orgA + "/disable").statusCode()).isIn(403, 404));
        matrix.put("DELETE /api/v1/organizations/{id}", () -> assertThat(bearer(adminB).delete(orgA).statusCode()).isIn(403, 404));
        matrix.put("GET /api/v1/keys", () -> problem(bearer(adminB).get("/api/v1/keys"), 403, "/api/v1/keys"));
        matrix.put("POST /api/v1/keys/rotate", () -> problem(bearer(adminB).post("/api/v1/keys/rotate"), 403, "/api/v1/keys/rotate"));
        matrix.put("GET /api/v1/revocations", () -> problem(bearer(adminB).get("/api/v1/revocations"), 403, "/api/v1/revocations"));
        matrix.put("GET /token/me/rte", () -> assertThat(bearer(adminB).get("/token/me/rte").then().statusCode(200).extract().asString())
                .doesNotContain(Api.DEMO_ORG.toString()));
        matrix.put("GET /token/{userId}/rte", () -> assertThat(bearer(adminB).get("/token/" + Api.AGENT1_ID + "/rte").statusCode())
                .isIn(403, 404));
        matrix.put("POST /oauth/token", () -> {
            // B's client secret does not open A's client, nor A's refresh token B's session
            Api.from(Api.freshAddress()).auth().preemptive().basic((String) clientA.path("clientId"), "not-" + clientA.path("clientSecret"))
                    .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(401);
        });
        matrix.put("POST /oauth/revoke", () -> {
            // revoking needs the token itself: B revoking with its own bearer and A's user id revokes nothing of A's
            bearer(adminB).formParam("token", Api.AGENT1_ID.toString()).post("/oauth/revoke").then().statusCode(200);
        });
        matrix.put("POST /axialys/ws", () -> Api.from(Api.freshAddress()).header("X-JSON",
                "{\"requete\":\"init\",\"header\":{\"login\":\"supervisor@demo.test\",\"password\":\"password-123\"}}")
                .post("/axialys/ws").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400)));
        matrix.put("POST /axialys/vm/token", () -> Api.from(Api.freshAddress()).auth().preemptive().basic("agent1@demo.test", "password-123")
                .contentType(ContentType.JSON).body("{\"user_type\":\"agent\"}").post("/axialys/vm/token")
                .then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400)));
        matrix.put("GET /.well-known/jwks.json", () -> assertThat(bearer(adminB).get("/.well-known/jwks.json").then().statusCode(200)
                .extract().asString()).doesNotContain(Api.DEMO_ORG.toString()));
        matrix.put("GET /.well-known/openid-configuration", () -> assertThat(bearer(adminB).get("/.well-known/openid-configuration")
                .then().statusCode(200).extract().asString()).doesNotContain(Api.DEMO_ORG.toString()));

        assertThat(ResourceMethods.missing(ResourceMethods.ofThisModule(), matrix.keySet())).as("endpoints without a tenancy case").isEmpty();
        matrix.forEach((endpoint, check) -> {
            try {
                check.run();
            } catch (AssertionError e) {
                throw new AssertionError(endpoint + ": " + e.getMessage(), e);
            }
        });

        // A's user, client, organization and session are untouched and still work
        bearer(adminA).get(userA).then().statusCode(200).body("displayName", org.hamcrest.Matchers.not(equalTo("Hacked")))
                .body("enabled", equalTo(true));
        bearer(adminA).get(clientPathA).then().statusCode(200).body("name", equalTo(clientName));
        bearer(adminA).get(orgA).then().statusCode(200).body("name", org.hamcrest.Matchers.not(equalTo("Hacked")));
        Api.signIn("agent1@demo.test", "demo");
        Api.from(Api.freshAddress()).formParam("grant_type", "refresh_token").formParam("refresh_token", refreshA)
                .post("/oauth/token").then().statusCode(200);
        System.out.printf("TenancyMatrixTest (auth): %d endpoints tried across organizations%n", matrix.size());
    }
}
