package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.subscription.support.RawSocketIoClient;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.ResourceMethods;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Tenancy across every REST endpoint, every hub method and the Socket.IO stream of
 * subscription-service: two organizations with look-alike entities, grants and users (same names,
 * same roles), and every door tried by one with the other's ids and tokens. Nothing crosses: a
 * foreign id is a 404 (or 403 for another organizationId), lists hold only the caller's own, and the
 * other organization's events never arrive. The matrix is checked against the resource methods and hub
 * methods compiled in this module, so a new one without a tenancy case fails this test.
 */
@QuarkusTest
class TenancyMatrixTest {

    private static final Pattern HUB_METHOD = Pattern.compile("case \"([a-z]+)\" ->");

    @TestHTTPResource("/")
    URI base;

    /** One organization's look-alike set: an admin, a queue named Sales, a grant of it to agents, a live session. */
    private record Tenant(UUID org, String admin, UUID queue, UUID grant) {
        RequestSpecification rest() {
            return given().auth().oauth2(admin).contentType(ContentType.JSON);
        }
    }

    private static Tenant tenant() {
        UUID org = UUID.randomUUID();
        String admin = TestTokens.access(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        UUID queue = UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("entityType", "Queue", "id", queue.toString(), "name", "Sales"))
                .post("/api/v1/entities").then().statusCode(201);
        UUID grant = Api.grant(org, "ROLE", Roles.AGENT, "Queue", queue, "QueueStatus");
        return new Tenant(org, admin, queue, grant);
    }

    private static void notFound(io.restassured.response.Response response, String path) {
        ProblemAssertions.assertProblem(response, 404, path);
    }

    private static void forbidden(io.restassured.response.Response response, String path) {
        ProblemAssertions.assertProblem(response, 403, path);
    }

    @Test
    void noRestEndpointLetsOneOrganizationSeeOrTouchAnothersEntitiesGrantsOrSessions() {
        Tenant a = tenant();
        Tenant b = tenant();
        String entity = "/api/v1/entities/" + a.queue();
        String grant = "/api/v1/permissions/" + a.grant();
        String grantBody = """
                {"principalType": "ROLE", "principal": "agent", "entityType": "Queue", "entityId": "%s", "events": ["QueueStatus"]}
                """;
        try (RawHubClient aSession = RawHubClient.connected(base, TestTokens.rte(a.org(), UUID.randomUUID(), Roles.AGENT).sign())) {
            Map<String, Runnable> matrix = new LinkedHashMap<>();
            matrix.put("GET /api/v1/entities", () -> {
                assertThat(b.rest().queryParam("size", 500).get("/api/v1/entities").then().statusCode(200).extract()
                        .<List<String>>path("items.id")).containsExactly(b.queue().toString());
                forbidden(b.rest().queryParam("organizationId", a.org().toString()).get("/api/v1/entities"), "/api/v1/entities");
            });
            matrix.put("GET /api/v1/entities/{id}", () -> {
                notFound(b.rest().get(entity), entity);
                forbidden(b.rest().queryParam("organizationId", a.org().toString()).get(entity), entity);
            });
            matrix.put("POST /api/v1/entities", () -> {
                // ids are global: A's id cannot be registered again, and A keeps it
                ProblemAssertions.assertProblem(b.rest().body(Map.of("entityType", "Queue", "id", a.queue().toString(), "name", "Sales"))
                        .post("/api/v1/entities"), 409, "/api/v1/entities");
                forbidden(b.rest().queryParam("organizationId", a.org().toString())
                        .body(Map.of("entityType", "Queue", "id", UUID.randomUUID().toString(), "name", "Sales"))
                        .post("/api/v1/entities"), "/api/v1/entities");
            });
            matrix.put("DELETE /api/v1/entities/{id}", () -> {
                notFound(b.rest().delete(entity), entity);
                forbidden(b.rest().queryParam("organizationId", a.org().toString()).delete(entity), entity);
            });
            matrix.put("GET /api/v1/permissions", () -> {
                assertThat(b.rest().queryParam("size", 500).get("/api/v1/permissions").then().statusCode(200).extract()
                        .<List<String>>path("items.id")).containsExactly(b.grant().toString());
                forbidden(b.rest().queryParam("organizationId", a.org().toString()).get("/api/v1/permissions"), "/api/v1/permissions");
            });
            matrix.put("GET /api/v1/permissions/{id}", () -> notFound(b.rest().get(grant), grant));
            matrix.put("POST /api/v1/permissions", () -> {
                // a grant in B on A's queue: the queue is not found in B (it used to be stored, 201)
                ProblemAssertions.assertProblem(b.rest().body(grantBody.formatted(a.queue())).post("/api/v1/permissions"), 404,
                        "/api/v1/permissions");
                forbidden(b.rest().queryParam("organizationId", a.org().toString()).body(grantBody.formatted(b.queue()))
                        .post("/api/v1/permissions"), "/api/v1/permissions");
            });
            matrix.put("PUT /api/v1/permissions/{id}", () -> {
                notFound(b.rest().body(grantBody.formatted(b.queue())).put(grant), grant);
                // nor can B's own grant be pointed at A's queue
                String own = "/api/v1/permissions/" + b.grant();
                notFound(b.rest().body(grantBody.formatted(a.queue())).put(own), own);
            });
            matrix.put("DELETE /api/v1/permissions/{id}", () -> notFound(b.rest().delete(grant), grant));
            matrix.put("GET /api/v1/sessions", () -> {
                String sessions = b.rest().get("/api/v1/sessions").then().statusCode(200).extract().asString();
                assertThat(sessions).doesNotContain(a.org().toString());
                // the sessions table is written just after the connection opens, without holding it up
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        a.rest().get("/api/v1/sessions").then().statusCode(200).extract().<List<Object>>path("items")).hasSize(1));
                // and once A's session is listed, B still sees none
                assertThat(b.rest().get("/api/v1/sessions").then().statusCode(200).extract().<Integer>path("total")).isZero();
                forbidden(b.rest().queryParam("organizationId", a.org().toString()).get("/api/v1/sessions"), "/api/v1/sessions");
            });
            // the Engine.IO transport: a session id is the only key, and it names no organization
            // (the stream's tenancy is in the init event: see the Socket.IO test below)
            matrix.put("GET /socket.io", () -> given().queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/")
                    .then().statusCode(200));
            matrix.put("POST /socket.io", () -> given().queryParam("EIO", "4").queryParam("transport", "polling")
                    .queryParam("sid", "another-organizations-sid").body("40").post("/socket.io/").then().statusCode(400));

            assertThat(ResourceMethods.missing(ResourceMethods.ofThisModule(), matrix.keySet())).as("endpoints without a tenancy case")
                    .isEmpty();
            matrix.forEach((endpoint, check) -> {
                try {
                    check.run();
                } catch (AssertionError e) {
                    throw new AssertionError(endpoint + ": " + e.getMessage(), e);
                }
            });

            // A's entity and grant are still there, unchanged, and A's session was never touched
            a.rest().get(entity).then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("Sales"));
            a.rest().get(grant).then().statusCode(200).body("entityId", org.hamcrest.Matchers.equalTo(a.queue().toString()));
            assertThat(aSession.closed()).isNotDone();
            System.out.printf("TenancyMatrixTest: %d subscription-service REST endpoints tried across organizations%n", matrix.size());
        }
    }

    @Test
    void noHubMethodCrossesOrganizations() throws Exception {
        Tenant a = tenant();
        Tenant b = tenant();
        UUID agentA = UUID.randomUUID();
        UUID adminB = UUID.randomUUID();
        Set<String> hubMethods = new TreeSet<>();
        Matcher matcher = HUB_METHOD.matcher(Files.readString(Path.of("src/main/java/io/callwire/subscription/endpoint/HubConnection.java")));
        while (matcher.find()) {
            hubMethods.add(matcher.group(1));
        }
        try (RawHubClient watcherA = RawHubClient.connected(base, TestTokens.rte(a.org(), agentA, Roles.ORG_ADMIN).sign());
             RawHubClient clientB = RawHubClient.connected(base, TestTokens.rte(b.org(), adminB, Roles.ORG_ADMIN).sign())) {
            watcherA.invoke("Subscribe", (Object) List.of(Map.of("EntityId", a.queue().toString(), "EventName", "QueueStatus")));
            Map<String, Runnable> matrix = new LinkedHashMap<>();
            matrix.put("subscribe", () -> {
                JsonNode foreign = clientB.invoke("Subscribe", (Object) List.of(
                        Map.of("EntityId", a.queue().toString(), "EventName", "QueueStatus"),
                        Map.of("EntityId", agentA.toString(), "EventName", "UserStatus")));
                for (JsonNode item : foreign.path("result")) {
                    assertThat(item.path("subscribed").asBoolean()).as(foreign.toString()).isFalse();
                }
                // everything of its own organization, which must not include A's
                clientB.invoke("Subscribe", (Object) List.of(Map.of("EventName", "QueueStatus")));
            });
            matrix.put("activesubscriptions", () -> assertThat(clientB.invoke("ActiveSubscriptions").toString())
                    .doesNotContain(a.queue().toString()).doesNotContain(agentA.toString()));
            matrix.put("availablesubscriptions", () -> assertThat(clientB.invoke("AvailableSubscriptions").path("result").isArray()).isTrue());
            matrix.put("unsubscribe", () -> {
                clientB.invoke("Unsubscribe", (Object) List.of(Map.of("EntityId", a.queue().toString(), "EventName", "QueueStatus")));
                Events.Event probe = Events.queueStatus(a.org(), a.queue(), 1);
                Events.publish(probe);
                assertThat(watcherA.next(r -> r.toString().contains(probe.id().toString()))).as("A still subscribed").isNotNull();
            });
            matrix.put("unsubscribeall", () -> {
                assertThat(clientB.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
                clientB.invoke("Subscribe", (Object) List.of(Map.of("EventName", "QueueStatus")));
                Events.Event probe = Events.queueStatus(a.org(), a.queue(), 2);
                Events.publish(probe);
                assertThat(watcherA.next(r -> r.toString().contains(probe.id().toString()))).as("A still subscribed").isNotNull();
            });
            assertThat(hubMethods).as("hub methods in HubConnection").isNotEmpty();
            assertThat(ResourceMethods.missing(hubMethods, matrix.keySet())).as("hub methods without a tenancy case").isEmpty();
            matrix.forEach((method, check) -> {
                try {
                    check.run();
                } catch (AssertionError e) {
                    throw new AssertionError(method + ": " + e.getMessage(), e);
                }
            });

            // A's look-alike events (same queue name, A's ids) never reach B; B's own do
            Events.Event foreign = Events.queueStatus(a.org(), a.queue(), 7);
            Events.Event own = Events.queueStatus(b.org(), b.queue(), 8);
            Events.publish(foreign);
            Events.publish(Events.userStatus(a.org(), agentA, true));
            Events.publish(own);
            assertThat(clientB.next(r -> r.toString().contains(own.id().toString()))).isNotNull();
            assertThat(clientB.received()).noneMatch(r -> r.contains(a.org().toString()));
            System.out.printf("TenancyMatrixTest: %d hub methods tried across organizations%n", matrix.size());
        }
    }

    @Test
    void theSocketIoStreamOfOneOrganizationNeverOpensOrReceivesForAnother() {
        Tenant a = tenant();
        UUID orgB = UUID.randomUUID();
        UUID agentA = UUID.randomUUID();
        UUID userB = UUID.randomUUID();
        String tokenB = TestTokens.rte(orgB, userB, Roles.ORG_ADMIN).sign();
        String wrongTarget = "44{\"message\":\"Target does not match the session\"}";
        for (String type : List.of("agent", "supervisor")) {
            try (RawSocketIoClient client = RawSocketIoClient.open(base)) {
                assertThat(client.init(type, agentA.toString(), tokenB)).as(type).isEqualTo(wrongTarget);
            }
        }
        try (RawSocketIoClient client = RawSocketIoClient.open(base)) {
            assertThat(client.init("api", a.org().toString(), tokenB)).isEqualTo(wrongTarget);
        }
        try (RawSocketIoClient streamB = RawSocketIoClient.open(base)) {
            assertThat(streamB.init("api", orgB.toString(), tokenB)).startsWith("431[{\"status\":\"ok\"");
            Events.publish(Events.queueStatus(a.org(), a.queue(), 5));
            Events.publish(Events.userStatus(a.org(), agentA, true));
            Events.Event own = Events.queueStatus(orgB, UUID.randomUUID(), 6);
            Events.publish(own);
            assertThat(streamB.await(f -> f.contains(orgB.toString()) || f.contains("\"nbrOfQueuingRequesters\":6"),
                    java.time.Duration.ofSeconds(10))).as("B's own event").isNotNull();
            assertThat(streamB.frames()).noneMatch(f -> f.contains(a.org().toString()) || f.contains(agentA.toString()));
        }
    }
}
