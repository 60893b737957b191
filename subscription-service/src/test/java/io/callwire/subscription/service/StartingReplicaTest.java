package io.callwire.subscription.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.support.security.RevocationSync;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.TestTokens;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A replica that has not loaded the revocations in force yet refuses negotiate and the WebSocket
 * upgrade with 503 even for a valid token (a client may reach the pod directly, past readiness);
 * forced through the sync bean's test hook, in the one application boot of the module.
 */
@QuarkusTest
class StartingReplicaTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    RevocationSync sync;

    @Test
    void negotiateAndUpgradeAnswer503UntilTheRevocationsAreLoaded() {
        String token = TestTokens.user(AuthServiceStandIn.ORGANIZATION, UUID.randomUUID(), Roles.AGENT).sign();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        await("the real first load").atMost(Duration.ofSeconds(30)).until(sync::loaded);
        RevocationSync target = ClientProxy.unwrap(sync);
        target.loadedForTest(false);
        try {
            given().get("/q/health/ready").then().statusCode(503);
            given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1").then().statusCode(503)
                    .header("Retry-After", "5").contentType("application/problem+json")
                    .body("status", equalTo(503)).body("detail", containsString("starting"));
            given().auth().oauth2(token).header("Upgrade", "websocket").header("Connection", "Upgrade")
                    .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .get("/rte").then().statusCode(503)
                    .header("Retry-After", "5").contentType("application/problem+json")
                    .body("status", equalTo(503)).body("detail", containsString("starting"));
            assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), bearer)).as("a real WebSocket client").isEqualTo(503);
        } finally {
            target.loadedForTest(true);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1").then().statusCode(200);
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), bearer)).isEqualTo(101);
    }
}
