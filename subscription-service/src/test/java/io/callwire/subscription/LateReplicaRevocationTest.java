package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A replica that starts after a revocation never receives it on AMQP: it loads the revocations in
 * force from auth-service (here a real HTTP stand-in holding revocations made before the application
 * started) before it reports ready, and refuses those tokens with 401 like any other replica.
 */
@QuarkusTest
class LateReplicaRevocationTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "callwire.security.auth-service.url")
    String authServiceUrl;

    @BeforeEach
    void ready() {
        await("ready after loading auth-service's revocations").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                        .body("checks.name", hasItem("auth-service revocations")));
    }

    private int upgrade(String token) {
        return RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void refusesTokensOfASubjectRevokedBeforeItStartedButAcceptsItsLaterOnes() {
        String revoked = TestTokens.user(AuthServiceStandIn.ORGANIZATION, AuthServiceStandIn.DISABLED_USER, Roles.AGENT)
                .issuedAt(Instant.now().minusSeconds(600)).sign();
        assertThat(upgrade(revoked)).as("WebSocket upgrade with the revoked token").isEqualTo(401);
        given().auth().oauth2(revoked).post("/rte/negotiate?negotiateVersion=1").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(revoked).get("/api/v1/entities").then().statusCode(401)
                .contentType("application/problem+json").body("detail", equalTo("The token has been revoked"));

        String later = TestTokens.user(AuthServiceStandIn.ORGANIZATION, AuthServiceStandIn.DISABLED_USER, Roles.AGENT)
                .issuedAt(Instant.now().plusSeconds(2)).sign();
        assertThat(upgrade(later)).as("a token of the same user issued after the revocation").isEqualTo(101);
        given().auth().oauth2(later).get("/api/v1/entities").then().statusCode(200);
    }

    @Test
    void refusesOneTokenRevokedBeforeItStartedButNotTheUsersOthers() {
        UUID user = AuthServiceStandIn.USER_WITH_A_REVOKED_TOKEN;
        String revoked = TestTokens.user(AuthServiceStandIn.ORGANIZATION, user, Roles.AGENT)
                .tokenId(AuthServiceStandIn.REVOKED_TOKEN_ID).issuedAt(Instant.now().minusSeconds(600)).sign();
        assertThat(upgrade(revoked)).isEqualTo(401);
        String other = TestTokens.user(AuthServiceStandIn.ORGANIZATION, user, Roles.AGENT).issuedAt(Instant.now().minusSeconds(600)).sign();
        assertThat(upgrade(other)).isEqualTo(101);
    }

    @Test
    void refusesTheTokensOfASignInSessionRevokedBeforeItStarted() {
        // a session revocation in the list used to fail the whole load (null token id): the replica never became ready
        UUID user = AuthServiceStandIn.USER_WITH_A_REVOKED_SESSION;
        String revoked = TestTokens.user(AuthServiceStandIn.ORGANIZATION, user, Roles.AGENT)
                .session(AuthServiceStandIn.REVOKED_SESSION_ID).issuedAt(Instant.now().minusSeconds(600)).sign();
        assertThat(upgrade(revoked)).isEqualTo(401);
        given().auth().oauth2(revoked).get("/api/v1/entities").then().statusCode(401)
                .contentType("application/problem+json").body("detail", equalTo("The token has been revoked"));
        String otherSession = TestTokens.user(AuthServiceStandIn.ORGANIZATION, user, Roles.AGENT)
                .session(UUID.randomUUID().toString()).issuedAt(Instant.now().minusSeconds(600)).sign();
        assertThat(upgrade(otherSession)).isEqualTo(101);
    }

    @Test
    void aRevocationMissedOnAmqpIsLearntFromTheListAndEndsTheOpenSession() throws Exception {
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(AuthServiceStandIn.ORGANIZATION, user, Roles.AGENT).sign();
        try (RawHubClient client = RawHubClient.connected(base, token)) {
            // recorded by auth-service, but this replica gets no AMQP message: only the periodic reload can tell it
            String body = AuthServiceStandIn.revocation(user.toString(), null, "password-changed", Instant.now()).encode();
            HttpResponse<Void> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authServiceUrl + "/test/revocations"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(added.statusCode()).isEqualTo(204);

            JsonNode close = client.nextClose();
            assertThat(close).as("Close after the reload").isNotNull();
            assertThat(close.path("error").asText()).isEqualTo("Token revoked");
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(upgrade(token)).isEqualTo(401);
    }
}
