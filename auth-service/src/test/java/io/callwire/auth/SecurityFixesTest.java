package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.callwire.auth.Api.from;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.auth.service.Bootstrap;
import io.callwire.auth.service.RevocationRegistry;
import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.Roles;
import io.callwire.contract.security.TokenClaims;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** One test per auth-service fix of the security issue; each fails on the code before it. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(AmqpBrokerResource.class)
class SecurityFixesTest {

    @Inject
    Bootstrap bootstrap;

    @Inject
    RevocationRegistry registry;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    private static JwtClaims claims(String token) throws Exception {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators().build().processToClaims(token);
    }

    private static Response password(String address, String username, String password) {
        return from(address).formParam("grant_type", "password").formParam("username", username).formParam("password", password)
                .post("/oauth/token");
    }

    /** An org-admin of the platform's own organization, made by the platform root. */
    private static String platformOrgAdmin() {
        String username = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@callwire.test";
        bearer(Api.root()).contentType(ContentType.JSON).body(Map.of("organizationId", Api.PLATFORM_ORG.toString(),
                "username", username, "displayName", "Ops", "password", "ops-password", "roles", List.of(Roles.ORG_ADMIN)))
                .post("/api/v1/users").then().statusCode(201);
        return Api.signIn(username, "ops-password");
    }

    // ---- rank

    @Test
    void anOrgAdminCannotResetDisableDemoteOrMintTokensForAPlatformAdmin() {
        String orgAdmin = platformOrgAdmin();
        String root = "/api/v1/users/" + Api.ROOT_ID;
        ProblemAssertions.assertProblem(bearer(orgAdmin).contentType(ContentType.JSON).body(Map.of("password", "taken-over-1"))
                .patch(root), 403, root);
        ProblemAssertions.assertProblem(bearer(orgAdmin).contentType(ContentType.JSON).body(Map.of("roles", List.of(Roles.AGENT)))
                .patch(root), 403, root);
        ProblemAssertions.assertProblem(bearer(orgAdmin).post(root + "/disable"), 403, root + "/disable");
        String mint = "/token/" + Api.ROOT_ID + "/rte";
        ProblemAssertions.assertProblem(bearer(orgAdmin).get(mint), 403, mint);
        // the platform root still signs in with its own password
        Api.root();
    }

    @Test
    void theLastEnabledPlatformAdminCannotBeDisabledDemotedOrDeleted() throws Exception {
        String root = Api.root();
        List<String> others = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD)) {
            var rows = db.createStatement().executeQuery("select id from user_account where enabled and id <> '" + Api.ROOT_ID
                    + "' and (',' || roles || ',') like '%,platform-admin,%'");
            while (rows.next()) {
                others.add(rows.getString(1));
            }
            for (String id : others) {
                db.createStatement().executeUpdate("update user_account set enabled = false where id = '" + id + "'");
            }
            try {
                String path = "/api/v1/users/" + Api.ROOT_ID;
                ProblemAssertions.assertProblem(bearer(root).post(path + "/disable"), 409, path + "/disable");
                ProblemAssertions.assertProblem(bearer(root).contentType(ContentType.JSON).body(Map.of("roles", List.of(Roles.ORG_ADMIN)))
                        .patch(path), 409, path);
                ProblemAssertions.assertProblem(bearer(root).delete(path), 409, path);
            } finally {
                for (String id : others) {
                    db.createStatement().executeUpdate("update user_account set enabled = true where id = '" + id + "'");
                }
            }
        }
    }

    // ---- throttle

    @Test
    void aParallelBurstGetsNoMorePasswordChecksThanTheLimit() throws Exception {
        String username = "burst-" + UUID.randomUUID() + "@demo.test";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String address = Api.freshAddress();
                answers.add(pool.submit(() -> password(address, username, "guess").statusCode()));
            }
            int checked = 0;
            for (Future<Integer> answer : answers) {
                if (answer.get() == 400) {
                    checked++;
                }
            }
            // max-failures is 5: the rest is refused before bcrypt (429), however many were in flight
            assertThat(checked).isLessThanOrEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMachineClientIsNeverLockedByBadSecrets() {
        String address = Api.freshAddress();
        for (int i = 0; i < 7; i++) {
            from(address).auth().preemptive().basic("demo-integration", "wrong-" + i).formParam("grant_type", "client_credentials")
                    .post("/oauth/token").then().statusCode(401);
        }
        from(address).auth().preemptive().basic("demo-integration", "demo-secret").formParam("grant_type", "client_credentials")
                .post("/oauth/token").then().statusCode(200);
    }

    @Test
    void anAddressIsSlowedDownNotLockedSoAContactCenterBehindOneNatCanStillSignIn() {
        String nat = Api.freshAddress();
        for (int i = 0; i < 22; i++) {
            password(nat, "typo-" + i + "-" + UUID.randomUUID() + "@demo.test", "nope").then().statusCode(400);
        }
        password(nat, "agent1@demo.test", "demo").then().statusCode(200);
    }

    @Inject
    io.callwire.auth.service.TokenEndpointLimiter limiter;

    @Test
    void theTokenEndpointIsRateLimitedPerAddress() {
        String address = Api.freshAddress();
        Response answer = null;
        // this busy test machine cannot send 50 requests a second itself: the window is filled directly,
        // then one real request from that address within the same second is refused
        for (int round = 0; round < 5 && (answer == null || answer.statusCode() != 429); round++) {
            try {
                for (int i = 0; i < 50; i++) {
                    limiter.admit(address);
                }
            } catch (RuntimeException alreadyFull) {
                // the previous round's second
            }
            answer = from(address).formParam("grant_type", "password").formParam("username", "agent1@demo.test")
                    .formParam("password", "demo").post("/oauth/token");
        }
        answer.then().statusCode(429).header("Retry-After", "1").body("error", org.hamcrest.Matchers.equalTo("too_many_requests"));
    }

    // ---- sessions

    @Test
    void refreshTokenReuseRevokesTheWholeSessionEverywhere() throws Exception {
        try (AmqpTestClient amqp = AmqpTestClient.connect()) {
            AmqpTestClient.Listener revocations = amqp.listen(Addresses.AUTH_REVOCATIONS);
            Response first = password(Api.freshAddress(), "agent1@demo.test", "demo");
            String access = first.path("access_token");
            String refresh = first.path("refresh_token");
            String sid = claims(access).getStringClaimValue(TokenClaims.SESSION);
            assertThat(sid).isNotBlank();
            String rte = bearer(access).get("/token/me/rte").then().statusCode(200).extract().path("Token");
            assertThat(claims(rte).getStringClaimValue(TokenClaims.SESSION)).isEqualTo(sid);

            Response second = from(Api.freshAddress()).formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                    .post("/oauth/token");
            String successor = second.then().statusCode(200).extract().path("access_token");
            assertThat(claims(successor).getStringClaimValue(TokenClaims.SESSION)).isEqualTo(sid);
            // the spent refresh token again: someone holds a copy
            from(Api.freshAddress()).formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                    .post("/oauth/token").then().statusCode(400);

            ProblemAssertions.assertProblem(bearer(access).get("/token/me/rte"), 401, "/token/me/rte", "token-revoked");
            ProblemAssertions.assertProblem(bearer(successor).get("/token/me/rte"), 401, "/token/me/rte", "token-revoked");
            RevocationMessage announced = null;
            ObjectMapper json = new ObjectMapper().findAndRegisterModules();
            Instant until = Instant.now().plusSeconds(15);
            while (announced == null && Instant.now().isBefore(until)) {
                var message = revocations.next(Duration.ofSeconds(1));
                if (message != null) {
                    RevocationMessage candidate = json.readValue(message.body(), RevocationMessage.class);
                    if (sid.equals(candidate.sessionId())) {
                        announced = candidate;
                    }
                }
            }
            assertThat(announced).as("session revocation published").isNotNull();
            assertThat(announced.reason()).isEqualTo(RevocationMessage.REASON_REFRESH_REUSED);
            assertThat(announced.coversSession()).isTrue();
        }
    }

    // ---- IP binding

    @Test
    void anRteTokenMintedFromABoundAccessTokenIsBound() throws Exception {
        String address = Api.freshAddress();
        String access = from(address).formParam("grant_type", "password").formParam("username", "agent1@demo.test")
                .formParam("password", "demo").formParam("bind_ip", "true").post("/oauth/token").then().statusCode(200)
                .extract().path("access_token");
        String rte = from(address).header("Authorization", "Bearer " + access).get("/token/me/rte").then().statusCode(200)
                .extract().path("Token");
        assertThat(claims(rte).getStringClaimValue(TokenClaims.BOUND_IP)).isEqualTo(address);
    }

    @Test
    void anOrganizationCanBindItsTokensByDefault() throws Exception {
        String root = Api.root();
        String orgName = "Bound " + UUID.randomUUID();
        String org = bearer(root).contentType(ContentType.JSON).body(Map.of("name", orgName)).post("/api/v1/organizations")
                .then().statusCode(201).extract().path("id");
        bearer(root).contentType(ContentType.JSON).body(Map.of("bindTokensToIp", true)).patch("/api/v1/organizations/" + org)
                .then().statusCode(200);
        String username = "bound-" + UUID.randomUUID().toString().substring(0, 8) + "@bound.test";
        bearer(root).contentType(ContentType.JSON).body(Map.of("organizationId", org, "username", username, "displayName", "B",
                "password", "bound-password", "roles", List.of(Roles.AGENT))).post("/api/v1/users").then().statusCode(201);
        String address = Api.freshAddress();
        String access = password(address, username, "bound-password").then().statusCode(200).extract().path("access_token");
        assertThat(claims(access).getStringClaimValue(TokenClaims.BOUND_IP)).isEqualTo(address);
    }

    // ---- revocation sync

    @Test
    void aRevocationCommittedAfterAHigherIdWasReadIsStillLoaded() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> registry.sync());
        String subject = UUID.randomUUID().toString();
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD)) {
            // a row whose id was drawn from the sequence before the rows already read, committed only now
            db.createStatement().executeUpdate("insert into revocation (id, subject, organization_id, reason, revoked_at, forget_after) "
                    + "values (-" + (1 + (System.nanoTime() % 1_000_000)) + ", '" + subject + "', '" + Api.DEMO_ORG
                    + "', 'user-disabled', now(), now() + interval '1 hour')");
        }
        VertxContextSupport.subscribeAndAwait(() -> registry.sync());
        assertThat(registry.subjectRevokedAt(subject)).isNotNull();
    }

    // ---- responses and metadata

    @Test
    void answersCarryingATokenAreNeverStored() {
        bearer(Api.agent1()).get("/token/me/rte").then().statusCode(200).header("Cache-Control", "no-store");
        bearer(Api.admin()).get("/token/" + Api.AGENT1_ID + "/rte").then().statusCode(200).header("Cache-Control", "no-store");
    }

    @Test
    void theDiscoveryDocumentListsOnlyWhatExists() {
        Map<String, Object> metadata = given().get("/.well-known/openid-configuration").then().statusCode(200).extract().path("$");
        assertThat(metadata).doesNotContainKeys("id_token_signing_alg_values_supported", "response_types_supported",
                "authorization_endpoint", "userinfo_endpoint");
        assertThat(metadata).containsKeys("issuer", "jwks_uri", "token_endpoint", "revocation_endpoint");
    }

    // ---- token kinds at auth-service

    @Test
    void authsOwnApiTakesAccessAndClientCredentialsTokensOnly() {
        String access = Api.agent1();
        bearer(access).get("/api/v1/users/" + Api.AGENT1_ID).then().statusCode(200);
        String client = from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "demo-secret")
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200).extract().path("access_token");
        bearer(client).get("/token/me/rte").then().statusCode(200);
        String rte = bearer(access).get("/token/me/rte").then().statusCode(200).extract().path("Token");
        String path = "/api/v1/users/" + Api.AGENT1_ID;
        assertThat(ProblemAssertions.assertProblem(bearer(rte).get(path), 401, path, "wrong-token-kind").get("detail").toString())
                .contains("RTE token");
        ProblemAssertions.assertProblem(bearer(rte).get("/token/me/rte"), 401, "/token/me/rte", "wrong-token-kind");
        ProblemAssertions.assertProblem(bearer(TestTokens.refreshAsBearer()).get(path), 401, path);
        // a token signed by a key auth-service never published (unknown kid), and alg none
        ProblemAssertions.assertProblem(bearer(TestTokens.access(Api.DEMO_ORG, Api.AGENT1_ID, Roles.AGENT).sign()).get(path), 401, path);
        ProblemAssertions.assertProblem(bearer(TestTokens.access(Api.DEMO_ORG, Api.AGENT1_ID, Roles.AGENT).unsigned()).get(path), 401, path);
    }
}
