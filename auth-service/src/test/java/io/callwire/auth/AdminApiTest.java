package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.quarkus.test.junit.QuarkusTest;

/** The administration API: tenancy, validation as problem+json, secrets shown once. */
@QuarkusTest
class AdminApiTest {

    @Inject
    Bootstrap bootstrap;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    @Test
    void anOrgAdminCannotReadOrChangeAnotherOrganizationsUsers() {
        String root = Api.root();
        String otherOrg = bearer(root).contentType("application/json").body(Map.of("name", "Other " + System.nanoTime()))
                .post("/api/v1/organizations").then().statusCode(201).header("Location", notNullValue()).extract().path("id");
        String stranger = bearer(root).contentType("application/json")
                .body(Map.of("organizationId", otherOrg, "username", "stranger-" + System.nanoTime() + "@other.test",
                        "displayName", "Stranger", "password", "password-123", "roles", List.of("agent")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");

        String admin = Api.admin();
        String missing = bearer(admin).get("/api/v1/users/00000000-0000-4000-8000-00000000ffff").then().statusCode(404).extract().asString();
        String foreign = bearer(admin).get("/api/v1/users/" + stranger).then().statusCode(404)
                .contentType("application/problem+json").extract().asString();
        // the same answer but for the path it was asked at
        assertThat(foreign.replaceAll("\"instance\":\"[^\"]*\"", "")).isEqualTo(missing.replaceAll("\"instance\":\"[^\"]*\"", ""));
        bearer(admin).contentType("application/json").body(Map.of("displayName", "Hacked"))
                .patch("/api/v1/users/" + stranger).then().statusCode(404);
        bearer(admin).post("/api/v1/users/" + stranger + "/disable").then().statusCode(404);
        bearer(admin).delete("/api/v1/users/" + stranger).then().statusCode(404);
        bearer(admin).get("/api/v1/organizations/" + otherOrg).then().statusCode(404);
        bearer(admin).get("/api/v1/users?organizationId=" + otherOrg).then().statusCode(200).body("total", equalTo(0));
        bearer(admin).contentType("application/json")
                .body(Map.of("organizationId", otherOrg, "username", "plant-" + System.nanoTime() + "@other.test",
                        "displayName", "Plant", "password", "password-123", "roles", List.of("agent")))
                .post("/api/v1/users").then().statusCode(400);

        // the stranger is untouched
        bearer(root).get("/api/v1/users/" + stranger).then().statusCode(200).body("displayName", equalTo("Stranger")).body("enabled", equalTo(true));
    }

    @Test
    void anOrgAdminListsOnlyItsOrganizationPageByPage() {
        String admin = Api.admin();
        bearer(admin).get("/api/v1/users?page=0&size=3").then().statusCode(200)
                .body("items.size()", equalTo(3)).body("size", equalTo(3)).body("page", equalTo(0))
                .body("items.organizationId", everyItemIs(Api.DEMO_ORG.toString()));
        bearer(admin).get("/api/v1/organizations").then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].name", equalTo("Demo Contact Center"));
    }

    @Test
    void validationErrorsAreProblemJsonNamingTheField() {
        String admin = Api.admin();
        bearer(admin).contentType("application/json")
                .body(Map.of("username", "not-an-email", "displayName", "X", "password", "password-123", "roles", List.of("agent")))
                .post("/api/v1/users").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem("username"));
        bearer(admin).contentType("application/json")
                .body(Map.of("username", "short-" + System.nanoTime() + "@demo.test", "displayName", "X", "password", "short", "roles", List.of("agent")))
                .post("/api/v1/users").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"));
        bearer(admin).contentType("application/json")
                .body(Map.of("username", "boss-" + System.nanoTime() + "@demo.test", "displayName", "X", "password", "password-123",
                        "roles", List.of("platform-admin")))
                .post("/api/v1/users").then().statusCode(400).body("errors.field", hasItem("roles"));
        bearer(admin).contentType("application/json")
                .body(Map.of("username", "admin@demo.test", "displayName", "X", "password", "password-123", "roles", List.of("agent")))
                .post("/api/v1/users").then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("username"));
        bearer(admin).get("/api/v1/users?size=1000").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("size"));
        bearer(admin).contentType("application/json").body("{not json").post("/api/v1/users").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aClientSecretIsShownOnceAndWorks() {
        String admin = Api.admin();
        var created = bearer(admin).contentType("application/json")
                .body(Map.of("clientId", "crm-" + System.nanoTime(), "name", "CRM", "roles", List.of("integration")))
                .post("/api/v1/clients").then().statusCode(201).body("clientSecret", notNullValue()).extract();
        String id = created.path("id");
        String clientId = created.path("clientId");
        String secret = created.path("clientSecret");

        bearer(admin).get("/api/v1/clients/" + id).then().statusCode(200).body("clientSecret", nullValue());
        bearer(admin).get("/api/v1/clients").then().statusCode(200).body("items.clientSecret", everyItemIsNull());
        Api.from(Api.freshAddress()).auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post("/oauth/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void agentsAndSupervisorsCannotAdminister() {
        String agent = Api.agent1();
        bearer(agent).get("/api/v1/users").then().statusCode(403);
        bearer(agent).get("/api/v1/users/" + Api.AGENT1_ID).then().statusCode(200).body("username", equalTo("agent1@demo.test"));
        bearer(agent).get("/api/v1/users/" + Api.ADMIN_ID).then().statusCode(404);
        bearer(agent).contentType("application/json").body(Map.of("name", "Mine")).post("/api/v1/organizations").then().statusCode(403);
        String supervisor = Api.signIn("supervisor@demo.test", "demo");
        bearer(supervisor).get("/api/v1/users").then().statusCode(200);
        bearer(supervisor).contentType("application/json").body(Map.of("displayName", "Promoted"))
                .patch("/api/v1/users/" + Api.AGENT1_ID).then().statusCode(403);
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemIsNull() {
        return org.hamcrest.Matchers.everyItem(nullValue());
    }
}
