package io.callwire.subscription.endpoint;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * On SIGTERM the replica stops taking connections (503 at negotiate and upgrade), tells every
 * client to reconnect elsewhere with a SignalR Close ({@code allowReconnect: true}) and waits for
 * them to go. The shutdown observer is called directly: the application is shared by the tests.
 */
@QuarkusTest
class ShutdownDrainTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    RteHub hub;

    @Test
    void asksEveryClientToReconnectElsewhereAndRefusesNewOnes() throws Exception {
        String token = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
        try (RawHubClient first = RawHubClient.connected(base, token);
             RawHubClient second = RawHubClient.connected(base, token)) {
            long started = System.nanoTime();
            hub.drainOnShutdown(new ShutdownEvent());
            long drainMillis = (System.nanoTime() - started) / 1_000_000;
            try {
                for (RawHubClient client : new RawHubClient[] {first, second}) {
                    JsonNode close = client.nextClose();
                    assertThat(close).isNotNull();
                    assertThat(close.path("error").asText()).isEqualTo("Server shutting down");
                    assertThat(close.path("allowReconnect").asBoolean()).isTrue();
                    assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
                }
                assertThat(drainMillis).as("drained before the 2 s timeout").isLessThan(2_000);
                assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token)))
                        .isEqualTo(503);
                given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1").then().statusCode(503)
                        .header("Retry-After", "1").contentType("application/problem+json");
            } finally {
                hub.acceptAgainForTests();
            }
        }
        try (RawHubClient again = RawHubClient.connected(base, token)) {
            assertThat(again.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
        }
    }
}
