package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Entities, permissions and sessions over REST: tenancy and problem+json errors as a client sees them. */
@QuarkusTest
class RestApiTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URI base;

    @Test
    void orgAdminsRegisterListAndDeleteEntitiesOfTheirOrganizationOnly() {
        UUID organization = UUID.randomUUID();
        String admin = Api.admin(organization);
        UUID queue = UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("entityType", "queue", "id", queue.toString(), "name", "Sales"))
                .post("/api/v1/entities").then().statusCode(201)
                .header("Location", containsString("/api/v1/entities/" + queue))
                .body("entityType", equalTo("Queue")).body("name", equalTo("Sales")).body("source", equalTo("API"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("entityType", "CallList", "name", "Callbacks"))
                .post("/api/v1/entities").then().statusCode(201);
        given().auth().oauth2(admin).get("/api/v1/entities?type=Queue").then().statusCode(200)
                .body("total", is(1)).body("items[0].id", equalTo(queue.toString()));
        given().auth().oauth2(admin).get("/api/v1/entities?size=1&page=1").then().statusCode(200)
                .body("total", is(2)).body("items", hasSize(1)).body("page", is(1));

        // another organization sees nothing of it
        String stranger = Api.admin(UUID.randomUUID());
        given().auth().oauth2(stranger).get("/api/v1/entities/" + queue).then().statusCode(404).contentType(PROBLEM)
                .body("status", is(404)).body("title", equalTo("Not Found"));
        given().auth().oauth2(stranger).delete("/api/v1/entities/" + queue).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(stranger).get("/api/v1/entities").then().statusCode(200).body("items", empty());
        given().auth().oauth2(stranger).get("/api/v1/entities?organizationId=" + organization).then().statusCode(403)
                .contentType(PROBLEM);
        // and cannot take over its id
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("entityType", "Queue", "id", queue.toString()))
                .post("/api/v1/entities").then().statusCode(409).contentType(PROBLEM);

        given().auth().oauth2(admin).delete("/api/v1/entities/" + queue).then().statusCode(204);
        given().auth().oauth2(admin).get("/api/v1/entities/" + queue).then().statusCode(404);
    }

    @Test
    void answersBadRequestsAndMissingRightsWithProblemJson() {
        UUID organization = UUID.randomUUID();
        String admin = Api.admin(organization);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("entityType", "Planet"))
                .post("/api/v1/entities").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("entityType"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"entityType\": ")
                .post("/api/v1/entities").then().statusCode(400).contentType(PROBLEM)
                .body("detail", not(containsString("Exception")));
        String agent = TestTokens.user(organization, UUID.randomUUID(), Roles.AGENT).sign();
        given().auth().oauth2(agent).contentType(ContentType.JSON).body(Map.of("entityType", "Queue"))
                .post("/api/v1/entities").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(agent).get("/api/v1/permissions").then().statusCode(403).contentType(PROBLEM);
        given().get("/api/v1/entities").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).expired().sign())
                .get("/api/v1/permissions").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(admin).get("/api/v1/entities/not-a-guid").then().statusCode(404);
    }

    @Test
    void managesGrantsWithValidationPagingAndTenancy() {
        UUID organization = UUID.randomUUID();
        String admin = Api.admin(organization);
        UUID queue = Api.entity(organization, "Queue");
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("principalType", "ROLE", "principal", "supervisor", "entityType", "Queue",
                        "entityId", queue.toString(), "events", List.of("queuestatus")))
                .post("/api/v1/permissions").then().statusCode(201)
                .header("Location", containsString("/api/v1/permissions/"))
                .body("events", hasItem("QueueStatus")).body("principalType", equalTo("ROLE"))
                .extract().path("id");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("principalType", "USER", "principal", UUID.randomUUID().toString(), "entityType", "User",
                        "events", List.of()))
                .post("/api/v1/permissions").then().statusCode(201).body("entityId", nullValue());
        given().auth().oauth2(admin).get("/api/v1/permissions?size=1").then().statusCode(200)
                .body("total", is(2)).body("items", hasSize(1)).body("items[0].id", equalTo(id));
        given().auth().oauth2(admin).get("/api/v1/permissions/" + id).then().statusCode(200)
                .body("entityId", equalTo(queue.toString()));

        // validation
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("principalType", "ROLE", "principal", "agent", "entityType", "Queue", "events", List.of("UserStatus")))
                .post("/api/v1/permissions").then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("UserStatus is not an event of entity type Queue"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("principalType", "ROLE", "principal", "agent", "entityType", "Queue", "events", List.of("Nope")))
                .post("/api/v1/permissions").then().statusCode(400).body("detail", equalTo("Unknown event name: Nope"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("principalType", "GROUP", "principal", "agent", "entityType", "Queue"))
                .post("/api/v1/permissions").then().statusCode(400).body("detail", containsString("USER or ROLE"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("principalType", "USER", "principal", "bob", "entityType", "Queue"))
                .post("/api/v1/permissions").then().statusCode(400).body("detail", containsString("GUID"));

        // another organization's admin
        String stranger = Api.admin(UUID.randomUUID());
        given().auth().oauth2(stranger).get("/api/v1/permissions/" + id).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(stranger).delete("/api/v1/permissions/" + id).then().statusCode(404);
        given().auth().oauth2(stranger).contentType(ContentType.JSON)
                .body(Map.of("principalType", "ROLE", "principal", "agent", "entityType", "Queue"))
                .put("/api/v1/permissions/" + id).then().statusCode(404);
        given().auth().oauth2(stranger).get("/api/v1/permissions").then().statusCode(200).body("total", is(0));

        given().auth().oauth2(admin).delete("/api/v1/permissions/" + id).then().statusCode(204);
        given().auth().oauth2(admin).get("/api/v1/permissions/" + id).then().statusCode(404);
    }

    @Test
    void listsTheOrganizationsLiveSessionsWithTheirSubscriptions() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", user.toString(), "EventName", "UserStatus")));
            // the sessions table is written after the Subscribe completion, without holding it up
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    given().auth().oauth2(Api.admin(organization)).get("/api/v1/sessions").then().statusCode(200)
                            .body("items", hasSize(1)).body("total", is(1)).body("items[0].subject", equalTo(user.toString()))
                            .body("items[0].subscriptions[0].eventType", equalTo("UserStatus"))
                            .body("items[0].protocol", equalTo("signalr"))
                            .body("items[0].remoteAddress", equalTo("127.0.0.1")));
            given().auth().oauth2(Api.admin(UUID.randomUUID())).get("/api/v1/sessions").then().statusCode(200)
                    .body("items", empty()).body("total", is(0));
        }
        // gone from the list once closed
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(Api.admin(organization)).get("/api/v1/sessions").then().statusCode(200)
                        .body("items", empty()));
        // the connecting user was registered as a User entity of its organization
        given().auth().oauth2(Api.admin(organization)).get("/api/v1/entities/" + user).then().statusCode(200)
                .body("entityType", equalTo("User")).body("source", equalTo("TOKEN"));
    }

    @Test
    void registersEntitiesTheFirstTimeAnEventNamesThem() {
        UUID organization = UUID.randomUUID();
        UUID callList = UUID.randomUUID();
        io.callwire.subscription.support.Events.publish(io.callwire.subscription.support.Events.event(organization,
                "CallbackChanged", "CallList", callList, java.time.Instant.now(), 120).with("CallListId", callList.toString()));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(Api.admin(organization)).get("/api/v1/entities/" + callList).then().statusCode(200)
                        .body("entityType", equalTo("CallList")).body("source", equalTo("EVENT")));
    }

    @Test
    void letsOnlyTheConfiguredOriginNegotiateFromABrowser() {
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,x-requested-with")
                .options("/rte/negotiate").then().header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/rte/negotiate").then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void reportsReadinessOfTheDatabaseAndTheBroker() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("database")))
                .body("checks.name", hasItem(containsString("Messaging")));
    }
}
