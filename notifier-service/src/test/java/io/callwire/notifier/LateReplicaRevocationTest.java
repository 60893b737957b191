package io.callwire.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.support.security.RevocationSync;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.TestTokens;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A notifier replica never receives on AMQP the revocations made before it started: it loads the
 * revocations in force from auth-service (a real HTTP stand-in holding revocations recorded before
 * this application started, reached with the replica's own client credentials) before it is ready,
 * and refuses those tokens. Until that load, a request with a token is answered 503.
 */
@QuarkusTest
class LateReplicaRevocationTest {

    private static final String PATH = "/api/v1/webhooks";

    @Inject
    RevocationSync sync;

    private static Response create(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                {"name": "crm", "url": "http://127.0.0.1:9/hook", "method": "POST", "events": ["QueueStatus"]}
                """).post(PATH);
    }

    private static TestTokens.Builder admin(UUID user) {
        return TestTokens.access(AuthServiceStandIn.ORGANIZATION, user, Roles.ORG_ADMIN).issuedAt(Instant.now().minusSeconds(600));
    }

    @Test
    void isReadyOnlyWithTheRevocationsLoadedAndRefusesThoseMadeBeforeItStarted() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem(RevocationSync.CHECK_NAME));

        // every token of a user disabled before this replica started
        ProblemAssertions.assertProblem(create(admin(AuthServiceStandIn.DISABLED_USER).sign()), 401, PATH, "token-revoked");
        // one revoked token, and a revoked sign-in session (refresh-token reuse)
        ProblemAssertions.assertProblem(create(admin(AuthServiceStandIn.USER_WITH_A_REVOKED_TOKEN)
                .tokenId(AuthServiceStandIn.REVOKED_TOKEN_ID).sign()), 401, PATH, "token-revoked");
        ProblemAssertions.assertProblem(create(admin(AuthServiceStandIn.USER_WITH_A_REVOKED_SESSION)
                .session(AuthServiceStandIn.REVOKED_SESSION_ID).sign()), 401, PATH, "token-revoked");

        // what the revocations do not cover still works: the user's other token, the session's user in another session,
        // and the disabled user's token issued after the revocation
        assertThat(create(admin(AuthServiceStandIn.USER_WITH_A_REVOKED_TOKEN).sign()).statusCode()).isEqualTo(201);
        assertThat(create(admin(AuthServiceStandIn.USER_WITH_A_REVOKED_SESSION).session(UUID.randomUUID().toString()).sign())
                .statusCode()).isEqualTo(201);
        assertThat(create(TestTokens.access(AuthServiceStandIn.ORGANIZATION, AuthServiceStandIn.DISABLED_USER, Roles.ORG_ADMIN)
                .issuedAt(Instant.now().plusSeconds(2)).sign()).statusCode()).isEqualTo(201);
    }

    @Test
    void untilTheRevocationsAreLoadedARequestWithATokenIsAnswered503() {
        String token = admin(UUID.randomUUID()).sign();
        RevocationSync target = ClientProxy.unwrap(sync);
        target.loadedForTest(false);
        try {
            given().get("/q/health/ready").then().statusCode(503);
            Response refused = create(token);
            ProblemAssertions.assertProblem(refused, 503, PATH, "starting");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        } finally {
            target.loadedForTest(true);
        }
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(create(token).statusCode()).isEqualTo(201);
    }
}
