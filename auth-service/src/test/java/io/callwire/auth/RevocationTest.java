package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.auth.service.Bootstrap;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;
import io.quarkus.test.junit.QuarkusTest;

/** Revocations reach the broker (through the outbox) and the revoked tokens stop working here at once. */
@QuarkusTest
class RevocationTest {

    @Inject
    Bootstrap bootstrap;

    @Inject
    ObjectMapper json;

    private AmqpTestClient amqp;
    private AmqpTestClient.Listener revocations;

    @BeforeEach
    void listen() {
        Api.demo(bootstrap);
        amqp = AmqpTestClient.connect();
        revocations = amqp.listen(Addresses.AUTH_REVOCATIONS);
    }

    @AfterEach
    void close() {
        amqp.close();
    }

    @Test
    void disablingAUserPublishesARevocationAndItsTokensStopWorking() throws Exception {
        String username = "leaver-" + System.nanoTime() + "@demo.test";
        String id = createUser(username);
        String token = Api.signIn(username, "password-123");
        bearer(token).get("/token/me/rte/").then().statusCode(200);

        bearer(Api.admin()).post("/api/v1/users/" + id + "/disable").then().statusCode(200);

        JsonNode message = next(id);
        assertThat(message.get("subject").asText()).isEqualTo(id);
        assertThat(message.get("organizationId").asText()).isEqualTo(Api.DEMO_ORG.toString());
        assertThat(message.get("tokenId").isNull()).isTrue();
        assertThat(message.get("reason").asText()).isEqualTo("user-disabled");
        assertThat(message.get("revokedAt").asText()).isNotBlank();

        bearer(token).get("/token/me/rte/").then().statusCode(401);
        Api.from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", username)
                .formParam("password", "password-123").post("/oauth/token").then().statusCode(400);
    }

    @Test
    void changingAPasswordRevokesOldTokensButANewSignInWorksAtOnce() throws Exception {
        String username = "changer-" + System.nanoTime() + "@demo.test";
        String id = createUser(username);
        String old = Api.signIn(username, "password-123");

        bearer(Api.admin()).contentType("application/json").body("{\"password\":\"password-456\"}")
                .patch("/api/v1/users/" + id).then().statusCode(200);
        assertThat(next(id).get("reason").asText()).isEqualTo("password-changed");

        bearer(old).get("/token/me/rte/").then().statusCode(401);
        String fresh = Api.signIn(username, "password-456");
        bearer(fresh).get("/token/me/rte/").then().statusCode(200);
    }

    @Test
    void revokingAnAccessTokenPublishesItsTokenIdAndRefusesIt() throws Exception {
        String token = Api.signIn("agent4@demo.test", "demo");
        String jti = json.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("jti").asText();

        given().formParam("token", token).post("/oauth/revoke").then().statusCode(200);

        JsonNode message = next("6f0d3c1e-0001-4000-8000-000000000014");
        assertThat(message.get("tokenId").asText()).isEqualTo(jti);
        assertThat(message.get("reason").asText()).isEqualTo("token-revoked");
        bearer(token).get("/token/me/rte/").then().statusCode(401);
        // another token of the same user is unaffected
        bearer(Api.signIn("agent4@demo.test", "demo")).get("/token/me/rte/").then().statusCode(200);
    }

    @Test
    void deletingAClientPublishesARevocation() throws Exception {
        String admin = Api.admin();
        String id = bearer(admin).contentType("application/json").body("{\"name\":\"Doomed\",\"roles\":[\"integration\"]}")
                .post("/api/v1/clients").then().statusCode(201).extract().path("id");
        bearer(admin).delete("/api/v1/clients/" + id).then().statusCode(204);
        assertThat(next(id).get("reason").asText()).isEqualTo("subject-deleted");
        bearer(admin).get("/api/v1/clients/" + id).then().statusCode(404);
    }

    @Test
    void disablingAnOrganizationRevokesEveryMembersTokens() throws Exception {
        String root = Api.root();
        String org = bearer(root).contentType("application/json").body(Map.of("name", "Closing " + System.nanoTime()))
                .post("/api/v1/organizations").then().statusCode(201).extract().path("id");
        String username = "member-" + System.nanoTime() + "@closing.test";
        String member = bearer(root).contentType("application/json")
                .body(Map.of("organizationId", org, "username", username, "displayName", "Member", "password", "password-123",
                        "roles", java.util.List.of("org-admin")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        String token = Api.signIn(username, "password-123");

        bearer(root).post("/api/v1/organizations/" + org + "/disable").then().statusCode(200);

        assertThat(next(member).get("reason").asText()).isEqualTo("user-disabled");
        bearer(token).get("/token/me/rte/").then().statusCode(401);
        Api.from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", username)
                .formParam("password", "password-123").post("/oauth/token").then().statusCode(400);
    }

    /** The next revocation of {@code subject} (others' revocations from parallel work are skipped). */
    private JsonNode next(Object subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            AmqpTestClient.Received received = revocations.next(Duration.ofSeconds(1));
            if (received == null) {
                continue;
            }
            JsonNode body = json.readTree(received.body());
            if (body.get("subject").asText().equals(subject.toString())) {
                assertThat(received.applicationProperties()).containsEntry(Addresses.PROPERTY_ORGANIZATION_ID, body.get("organizationId").asText());
                return body;
            }
        }
        throw new AssertionError("no revocation of " + subject + " arrived on " + Addresses.AUTH_REVOCATIONS);
    }

    private String createUser(String username) {
        return bearer(Api.admin()).contentType("application/json")
                .body(Map.of("username", username, "displayName", "Temp", "password", "password-123", "roles", java.util.List.of("agent")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
    }
}
