package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every bad token is refused with 401 before the WebSocket upgrade, and at negotiate. */
@QuarkusTest
class TokenRejectionTest {

    @TestHTTPResource("/")
    URI base;

    static List<Arguments> badTokens() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        return List.of(
                Arguments.of("expired", TestTokens.user(organization, user, Roles.AGENT).expired().sign()),
                Arguments.of("wrong issuer", TestTokens.user(organization, user, Roles.AGENT).issuer("https://evil.test").sign()),
                Arguments.of("wrong audience", TestTokens.user(organization, user, Roles.AGENT).audience("someone-else").sign()),
                Arguments.of("tampered", TestTokens.user(organization, user, Roles.AGENT).tamperedWith(UUID.randomUUID())),
                Arguments.of("alg none", TestTokens.user(organization, user, Roles.AGENT).unsigned()),
                Arguments.of("unknown kid", TestTokens.user(organization, user, Roles.AGENT).signWithUnknownKey()),
                Arguments.of("no organization", TestTokens.builder().subject(user.toString()).sign()),
                Arguments.of("garbage", "not.a.jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void refusesTheUpgradeWith401(String kind, String token) {
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token)))
                .as("header").isEqualTo(401);
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte?access_token=" + token), Map.of()))
                .as("query parameter").isEqualTo(401);
        given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void refusesAnUpgradeWithoutToken() {
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of())).isEqualTo(401);
        given().post("/rte/negotiate?negotiateVersion=1").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("title", equalTo("Unauthorized"));
        io.callwire.testing.ProblemAssertions.assertProblem(given().post("/rte/negotiate?negotiateVersion=1"), 401, "/rte/negotiate");
        io.callwire.testing.ProblemAssertions.assertProblem(given().header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").get("/rte"),
                401, "/rte");
    }

    @Test
    void acceptsTheTokenAsQueryParameterAsBrowsersSendIt() {
        String token = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
        try (RawHubClient client = RawHubClient.open(base.resolve("/rte?access_token=" + token), Map.of())) {
            client.handshake();
        }
    }

    @Test
    void negotiatesASignedConnectionTokenBoundToTheSubject() {
        UUID organization = UUID.randomUUID();
        String token = TestTokens.user(organization, UUID.randomUUID(), Roles.AGENT).sign();
        String connectionToken = given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1").then()
                .statusCode(200).body("negotiateVersion", is(1)).body("connectionId", notNullValue())
                .body("availableTransports[0].transport", equalTo("WebSockets"))
                .body("availableTransports[0].transferFormats", org.hamcrest.Matchers.contains("Text", "Binary"))
                .extract().path("connectionToken");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte?id=" + connectionToken), auth)).isEqualTo(101);
        // someone else's token with this connection token
        String other = TestTokens.user(organization, UUID.randomUUID(), Roles.AGENT).sign();
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte?id=" + connectionToken),
                Map.of("Authorization", "Bearer " + other))).isEqualTo(401);
        // a forged connection token
        String forged = connectionToken.substring(0, connectionToken.indexOf('.') + 1) + "AAAA";
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte?id=" + forged), auth)).isEqualTo(401);
    }

    @Test
    void answersVersionZeroClientsWithTheSignedTokenAsConnectionId() {
        String token = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
        String connectionId = given().auth().oauth2(token).post("/rte/negotiate").then().statusCode(200)
                .body("connectionToken", org.hamcrest.Matchers.nullValue()).extract().path("connectionId");
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte?id=" + connectionId),
                Map.of("Authorization", "Bearer " + token))).isEqualTo(101);
    }

    @Test
    void refusesATokenBoundToAnotherAddressEvenWithAForgedForwardedHeader() {
        UUID organization = UUID.randomUUID();
        String elsewhere = TestTokens.user(organization, UUID.randomUUID(), Roles.AGENT).boundTo("10.1.2.3").sign();
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"),
                Map.of("Authorization", "Bearer " + elsewhere, "X-Forwarded-For", "10.1.2.3"))).isEqualTo(401);
        String here = TestTokens.user(organization, UUID.randomUUID(), Roles.AGENT).boundTo("127.0.0.1").sign();
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + here))).isEqualTo(101);
    }

    @Test
    void refusesConnectionsBeyondThePerUserLimitWith429() {
        String token = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
        List<RawHubClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(RawHubClient.connected(base, token));
            }
            assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token)))
                    .isEqualTo(429);
            // the one problem body of every service, before any WebSocket exists
            io.callwire.testing.ProblemAssertions.assertProblem(given().auth().oauth2(token).header("Upgrade", "websocket")
                    .header("Connection", "Upgrade").header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").get("/rte"), 429, "/rte", "too-many-requests");
        } finally {
            open.forEach(RawHubClient::close);
        }
    }
}
