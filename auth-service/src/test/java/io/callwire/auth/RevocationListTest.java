package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.contract.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code GET /api/v1/revocations}: what a subscription-service replica that starts after a
 * revocation reads to refuse the revoked tokens; only for platform-service machine clients.
 */
@QuarkusTest
class RevocationListTest {

    @Inject
    Bootstrap bootstrap;

    @BeforeEach
    void seed() {
        Api.demo(bootstrap);
    }

    /** The seeded subscription-service client's token (client_credentials, as subscription-service gets it). */
    private static String serviceToken() {
        return Api.from(Api.freshAddress()).auth().preemptive().basic(Bootstrap.SUBSCRIPTION_SERVICE_CLIENT_ID, "local-subscription-service-secret")
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    private static String disabledUser() {
        String username = "gone-" + System.nanoTime() + "@demo.test";
        String admin = Api.admin();
        String id = bearer(admin).contentType("application/json")
                .body(Map.of("username", username, "displayName", "Gone", "password", "password-123", "roles", List.of(Roles.AGENT)))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        bearer(admin).post("/api/v1/users/" + id + "/disable").then().statusCode(200);
        return id;
    }

    /** Every page of the list, following the cursor. */
    private static List<Map<String, Object>> allPages(String token, String since, int size) {
        List<Map<String, Object>> items = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = bearer(token).queryParam("size", size);
            if (since != null) {
                request.queryParam("since", since);
            }
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/api/v1/revocations").then().statusCode(200).contentType("application/json").extract().jsonPath();
            List<Map<String, Object>> pageItems = page.getList("items");
            assertThat(pageItems).hasSizeLessThanOrEqualTo(size);
            items.addAll(pageItems);
            after = page.getString("next");
            assertThat(++pages).as("pages").isLessThan(1000);
        } while (after != null);
        return items;
    }

    @Test
    void aPlatformServiceClientReadsTheRevocationsInForcePageByPage() {
        Instant before = Instant.now().minusSeconds(1);
        String first = disabledUser();
        String second = disabledUser();
        String token = serviceToken();

        List<Map<String, Object>> items = allPages(token, null, 1);
        List<Object> subjects = items.stream().map(i -> i.get("subject")).toList();
        assertThat(subjects).contains(first, second);
        assertThat(subjects.indexOf(first)).as("oldest first").isLessThan(subjects.indexOf(second));
        Map<String, Object> revocation = items.get(subjects.indexOf(first));
        assertThat(revocation).containsEntry("organizationId", Api.DEMO_ORG.toString())
                .containsEntry("reason", "user-disabled").containsEntry("tokenId", null);
        assertThat(Instant.parse((String) revocation.get("revokedAt"))).isAfter(before);

        // since: only what was revoked from then on
        List<Object> recent = allPages(token, before.toString(), 500).stream().map(i -> i.get("subject")).toList();
        assertThat(recent).contains(first, second);
        assertThat(allPages(token, Instant.now().plusSeconds(3600).toString(), 500)).isEmpty();
    }

    @Test
    void theSeededNotifierServiceClientReadsThemToo() {
        String subject = disabledUser();
        String notifier = Api.from(Api.freshAddress()).auth().preemptive()
                .basic(Bootstrap.NOTIFIER_SERVICE_CLIENT_ID, "local-notifier-service-secret")
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200).extract().path("access_token");
        assertThat(allPages(notifier, null, 1000).stream().map(i -> i.get("subject")).toList()).contains(subject);
    }

    @Test
    void platformAdministratorsMayReadThemToo() {
        String subject = disabledUser();
        assertThat(allPages(Api.root(), null, 1000).stream().map(i -> i.get("subject")).toList()).contains(subject);
    }

    @Test
    void anOrgAdminAnAgentOrAnIntegrationClientIsRefused() {
        String integration = Api.from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "demo-secret")
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200).extract().path("access_token");
        for (String token : List.of(Api.admin(), Api.agent1(), integration)) {
            bearer(token).get("/api/v1/revocations").then().statusCode(403).contentType("application/problem+json")
                    .body("status", org.hamcrest.Matchers.equalTo(403))
                    .body("detail", org.hamcrest.Matchers.containsString(Roles.PLATFORM_SERVICE));
        }
    }

    @Test
    void anUnauthenticatedCallerGets401() {
        given().get("/api/v1/revocations").then().statusCode(401).header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        bearer("not-a-token").get("/api/v1/revocations").then().statusCode(401);
    }

    @Test
    void malformedParametersAreProblems() {
        String token = serviceToken();
        bearer(token).queryParam("since", "yesterday").get("/api/v1/revocations").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("since"));
        bearer(token).queryParam("after", "x").get("/api/v1/revocations").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("after"));
        bearer(token).queryParam("size", 5000).get("/api/v1/revocations").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void onlyPlatformAdministratorsGrantPlatformService() {
        String body = "{\"name\":\"Sneaky\",\"roles\":[\"platform-service\"]}";
        bearer(Api.admin()).contentType("application/json").body(body).post("/api/v1/clients").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("roles"));
        String id = bearer(Api.root()).contentType("application/json")
                .body("{\"organizationId\":\"" + Api.PLATFORM_ORG + "\",\"name\":\"Another service\",\"roles\":[\"platform-service\"]}")
                .post("/api/v1/clients").then().statusCode(201).extract().path("id");
        bearer(Api.root()).delete("/api/v1/clients/" + id).then().statusCode(204);
    }
}
