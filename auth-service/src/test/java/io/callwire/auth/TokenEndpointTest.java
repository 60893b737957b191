package io.callwire.auth;

import static io.callwire.auth.Api.from;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;
import java.util.List;

import jakarta.inject.Inject;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.contract.security.TokenClaims;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The token endpoint, every grant and every error, and tokens checked by an independent JOSE verifier. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(AmqpBrokerResource.class)
class TokenEndpointTest {

    @Inject
    Bootstrap bootstrap;

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwks;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    /** Verifies with jose4j against the live JWKS endpoint: not the code that signs. */
    static JwtContext verifyIndependently(URL jwks, String token) throws Exception {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwks.toString())))
                .setExpectedIssuer("http://localhost:8081")
                .setExpectedAudience(TokenClaims.AUDIENCE_API, TokenClaims.AUDIENCE_RTE)
                .setRequireExpirationTime().setRequireIssuedAt().setRequireJwtId().setRequireSubject()
                .build();
        return consumer.process(token);
    }

    @Test
    void passwordGrantIssuesATokenThatAnIndependentVerifierAcceptsWithEveryClaim() throws Exception {
        Response response = from(Api.freshAddress()).formParam("grant_type", "password")
                .formParam("username", "Admin@Demo.test").formParam("password", "demo")
                .post("/oauth/token");
        response.then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900)).body("refresh_token", notNullValue());

        JwtContext context = verifyIndependently(jwks, response.path("access_token"));
        JwtClaims claims = context.getJwtClaims();
        assertThat(context.getJoseObjects().get(0).getKeyIdHeaderValue()).isNotBlank();
        assertThat(context.getJoseObjects().get(0).getAlgorithmHeaderValue()).isEqualTo("ES256");
        assertThat(claims.getSubject()).isEqualTo(Api.ADMIN_ID.toString());
        assertThat(claims.getStringClaimValue(TokenClaims.ORGANIZATION)).isEqualTo(Api.DEMO_ORG.toString());
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("org-admin");
        assertThat(claims.getStringClaimValue("upn")).isEqualTo("admin@demo.test");
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
        assertThat(claims.hasClaim(TokenClaims.BOUND_IP)).isFalse();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Response wrongPassword = from(Api.freshAddress()).formParam("grant_type", "password")
                .formParam("username", "agent2@demo.test").formParam("password", "nope").post("/oauth/token");
        Response unknownUser = from(Api.freshAddress()).formParam("grant_type", "password")
                .formParam("username", "nobody-" + System.nanoTime() + "@demo.test").formParam("password", "nope").post("/oauth/token");
        wrongPassword.then().statusCode(400).contentType("application/json").body("error", equalTo("invalid_grant"));
        unknownUser.then().statusCode(400).contentType("application/json").body("error", equalTo("invalid_grant"));
        assertThat(unknownUser.asString()).isEqualTo(wrongPassword.asString());
    }

    @Test
    void clientCredentialsGrantWithBasicOrFormAuthenticationHasNoRefreshToken() throws Exception {
        String basic = from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "demo-secret")
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(200).body("refresh_token", nullValue()).extract().path("access_token");
        JwtClaims claims = verifyIndependently(jwks, basic).getJwtClaims();
        assertThat(claims.getSubject()).isEqualTo(Bootstrap.DEMO_CLIENT.toString());
        assertThat(claims.getStringClaimValue(TokenClaims.ORGANIZATION)).isEqualTo(Api.DEMO_ORG.toString());
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("integration");

        from(Api.freshAddress()).formParam("grant_type", "client_credentials")
                .formParam("client_id", "demo-integration").formParam("client_secret", "demo-secret")
                .post("/oauth/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void wrongOrMissingClientSecretIsInvalidClient() {
        from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "wrong")
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(401).header("WWW-Authenticate", notNullValue()).body("error", equalTo("invalid_client"));
        from(Api.freshAddress()).formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        from(Api.freshAddress()).auth().preemptive().basic("no-such-client", "x")
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void malformedRequestsGetRfc6749Errors() {
        from(Api.freshAddress()).formParam("username", "a").post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        from(Api.freshAddress()).formParam("grant_type", "authorization_code").post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
        from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", "admin@demo.test").post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        from(Api.freshAddress()).formParam("grant_type", "password", "password").formParam("username", "admin@demo.test")
                .formParam("password", "demo").post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        from(Api.freshAddress()).formParam("grant_type", "refresh_token").formParam("refresh_token", "not-a-token").post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aBodyThatIsNotAFormIsAnInvalidRequest() {
        from(Api.freshAddress()).contentType("application/json").body("{\"grant_type\":\"password\"}").post("/oauth/token")
                .then().statusCode(400).contentType("application/json").body("error", equalTo("invalid_request"));
    }

    @Test
    void theBootstrapAdministratorFromConfigurationIsAPlatformAdmin() throws Exception {
        String token = Api.signIn("bootstrap-admin@callwire.test", "bootstrap-password-for-tests-only");
        assertThat(verifyIndependently(jwks, token).getJwtClaims().getStringListClaimValue("groups")).containsExactly("platform-admin");
    }

    @Test
    void refreshTokenRotatesAndTheReuseOfASpentOneRevokesTheWholeFamily() {
        String first = from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", "agent3@demo.test")
                .formParam("password", "demo").post("/oauth/token").then().statusCode(200).extract().path("refresh_token");

        Response rotated = given().formParam("grant_type", "refresh_token").formParam("refresh_token", first).post("/oauth/token");
        rotated.then().statusCode(200).body("access_token", notNullValue());
        String second = rotated.path("refresh_token");
        assertThat(second).isNotEqualTo(first);

        // the spent one again: refused, and its successor dies with it
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", first).post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", second).post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aRefreshTokenIssuedToAClientOnlyWorksForThatClient() {
        String refresh = from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "demo-secret")
                .formParam("grant_type", "password").formParam("username", "supervisor@demo.test").formParam("password", "demo")
                .post("/oauth/token").then().statusCode(200).extract().path("refresh_token");
        // without the client: refused, and the token is not spent by the attempt
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", refresh).post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "demo-secret")
                .formParam("grant_type", "refresh_token").formParam("refresh_token", refresh).post("/oauth/token")
                .then().statusCode(200).body("refresh_token", notNullValue());
        // a confidential client with a wrong secret is refused before the user's password is looked at
        from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "wrong")
                .formParam("grant_type", "password").formParam("username", "supervisor@demo.test").formParam("password", "demo")
                .post("/oauth/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void revokedRefreshTokenIsRefused() {
        String refresh = from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", "agent4@demo.test")
                .formParam("password", "demo").post("/oauth/token").then().statusCode(200).extract().path("refresh_token");
        given().formParam("token", refresh).formParam("token_type_hint", "refresh_token").post("/oauth/revoke").then().statusCode(200);
        given().formParam("grant_type", "refresh_token").formParam("refresh_token", refresh).post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        // RFC 7009: an unknown token is not an error
        given().formParam("token", "whatever").post("/oauth/revoke").then().statusCode(200);
        given().formParam("nothing", "x").post("/oauth/revoke").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void repeatedFailuresLockTheUsernameWithRetryAfterEvenForTheRightPassword() {
        String username = "locked-" + System.nanoTime() + "@demo.test";
        String user = createUser(username, "right-password");
        for (int i = 0; i < 5; i++) {
            from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", username)
                    .formParam("password", "wrong-" + i).post("/oauth/token").then().statusCode(400);
        }
        from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", username)
                .formParam("password", "right-password").post("/oauth/token")
                .then().statusCode(429).header("Retry-After", notNullValue()).body("error", equalTo("too_many_attempts"));
        assertThat(user).isNotNull();
        // another username from another address is not affected
        Api.signIn("agent5@demo.test", "demo");
    }

    @Test
    void discoveryDocumentsArePublished() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys[0].kid", notNullValue()).body("keys[0].kty", equalTo("EC")).body("keys[0].d", nullValue());
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo("http://localhost:8081"))
                .body("jwks_uri", equalTo("http://localhost:8081/.well-known/jwks.json"))
                .body("grant_types_supported", equalTo(List.of("password", "client_credentials", "refresh_token")));
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void oversizedRequestsAreRefusedBeforeAnyWork() {
        int status = from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", "admin@demo.test")
                .formParam("password", "x".repeat(5_000)).post("/oauth/token").statusCode();
        assertThat(status).isIn(400, 413);
        from(Api.freshAddress()).contentType("application/x-www-form-urlencoded").body("grant_type=password&junk=" + "y".repeat(70_000))
                .post("/oauth/token").then().statusCode(413);
    }

    private String createUser(String username, String password) {
        return Api.bearer(Api.admin()).contentType("application/json")
                .body("{\"username\":\"" + username + "\",\"displayName\":\"Locked\",\"password\":\"" + password + "\",\"roles\":[\"agent\"]}")
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
    }
}
