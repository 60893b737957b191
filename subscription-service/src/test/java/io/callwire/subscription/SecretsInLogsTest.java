package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.subscription.support.RawSocketIoClient;
import io.callwire.testing.LogSecrets;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * No token appears in an API answer or in any line the service logged while every test class of this
 * module ran, with DEBUG logging of Callwire's own classes ({@code @Order} makes this class the last,
 * see the module's surefire configuration). Quarkus runs the classes of a test profile after those without
 * one, so this class takes the module's only profile (SocketIoProtocolTest's): last in that group, it runs
 * after every class, and the profile costs no boot of its own. This class itself hands tokens over every way a client can:
 * the Authorization header, {@code access_token} in the URL, the Socket.IO {@code init}, and refused ones.
 */
@QuarkusTest
@TestProfile(SocketIoProtocolTest.ReferenceHeartbeat.class)
@Order(Integer.MAX_VALUE)
class SecretsInLogsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void noTokenIsShownOrLogged() {
        UUID org = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String rte = TestTokens.rte(org, user, Roles.ORG_ADMIN).sign();
        String access = TestTokens.access(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        String expired = TestTokens.rte(org, user, Roles.AGENT).expired().sign();
        String negotiated = given().header("Authorization", "Bearer " + rte).post("/rte/negotiate?negotiateVersion=1")
                .then().statusCode(200).extract().path("connectionToken");
        try (RawHubClient header = RawHubClient.connected(base, rte);
             RawHubClient query = RawHubClient.open(URI.create(base + "rte?id=" + negotiated + "&access_token=" + rte), Map.of());
             RawSocketIoClient stream = RawSocketIoClient.open(base)) {
            query.handshake();
            assertThat(stream.init("supervisor", user.toString(), rte)).startsWith("431");
            assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + expired))).isEqualTo(401);
            String sessions = given().auth().oauth2(access).get("/api/v1/sessions").then().statusCode(200).extract().asString();
            assertThat(sessions).contains(user.toString()).doesNotContain(rte).doesNotContain(negotiated);
            given().auth().oauth2(expired).get("/api/v1/entities").then().statusCode(401);
        }
        List<String> known = List.of(rte, access, expired, negotiated);
        assertThat(LogSecrets.leaks(LogSecrets.TEST_LOG, known)).as("secrets in the log").isEmpty();
        System.out.printf("SecretsInLogsTest (subscription): %d log lines scanned, no secret%n", LogSecrets.lines(LogSecrets.TEST_LOG));
    }
}
