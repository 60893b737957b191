package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import io.callwire.auth.service.Bootstrap;
import io.callwire.auth.service.KeyRing;
import io.callwire.contract.security.TokenClaims;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.ProblemAssertions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Rotation without restart: new tokens use the new key, old ones still verify while the old key is
 * published, and not once its overlap has ended.
 */
@QuarkusTest
class KeyRotationTest {

    @Inject
    Bootstrap bootstrap;

    @Inject
    KeyRing keys;

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwks;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    @Test
    void afterRotationNewTokensUseTheNewKeyAndOldTokensStillVerify() throws Exception {
        String before = Api.agent1();
        String oldKid = TokenEndpointTest.verifyIndependently(jwks, before).getJoseObjects().get(0).getKeyIdHeaderValue();

        String root = Api.root();
        String newKid = bearer(root).post("/api/v1/keys/rotate").then().statusCode(200).extract().path("kid");
        assertThat(newKid).isNotEqualTo(oldKid);

        List<String> published = given().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
        assertThat(published).contains(oldKid, newKid);

        String after = Api.agent1();
        assertThat(TokenEndpointTest.verifyIndependently(jwks, after).getJoseObjects().get(0).getKeyIdHeaderValue()).isEqualTo(newKid);
        // the token signed before the rotation still works, here and for an independent verifier
        bearer(before).get("/token/me/rte/").then().statusCode(200);
        assertThat(TokenEndpointTest.verifyIndependently(jwks, before).getJwtClaims().getSubject()).isEqualTo(Api.AGENT1_ID.toString());
    }

    @Test
    void onlyPlatformAdminsRotate() {
        bearer(Api.admin()).post("/api/v1/keys/rotate").then().statusCode(403);
        bearer(Api.admin()).get("/api/v1/keys").then().statusCode(403);
    }

    /**
     * The real rotation, then the end of the old key's overlap (its {@code publish_until}, normally
     * the longest token lifetime after the rotation, moved into the past instead of waiting two
     * hours) picked up by the replica's periodic key refresh: a token the old key signed before the
     * rotation, and one forged afterwards with that key (a leaked retired key), are refused with a
     * 401 problem, the first even though this replica had already verified and cached it.
     */
    @Test
    void aTokenSignedWithAKeyWhoseOverlapHasEndedIsRefused() throws Exception {
        String before = Api.agent1();
        String oldKid = TokenEndpointTest.verifyIndependently(jwks, before).getJoseObjects().get(0).getKeyIdHeaderValue();
        KeyRing.LoadedKey oldKey = keys.verificationKey(oldKid).orElseThrow();
        String path = "/api/v1/users/" + Api.AGENT1_ID;
        bearer(before).get(path).then().statusCode(200);

        bearer(Api.root()).post("/api/v1/keys/rotate").then().statusCode(200);
        // during the overlap the old key is still published and its tokens still verify
        bearer(before).get(path).then().statusCode(200);
        bearer(forgedWith(oldKey)).get(path).then().statusCode(200);

        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD);
             PreparedStatement end = db.prepareStatement("update signing_key set publish_until = now() - interval '1 second' where kid = ?")) {
            end.setString(1, oldKid);
            assertThat(end.executeUpdate()).isEqualTo(1);
        }
        await("the old key unpublished by the periodic key refresh").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(given().get("/.well-known/jwks.json").then().statusCode(200).extract().<List<String>>path("keys.kid"))
                        .doesNotContain(oldKid));

        ProblemAssertions.assertProblem(bearer(before).get(path), 401, path);
        ProblemAssertions.assertProblem(bearer(before).get("/token/me/rte"), 401, "/token/me/rte");
        ProblemAssertions.assertProblem(bearer(forgedWith(oldKey)).get(path), 401, path);
        // the replica still works with the new key
        bearer(Api.agent1()).get(path).then().statusCode(200);
    }

    /** A fresh, otherwise valid access token of agent1 signed with {@code key}. */
    private static String forgedWith(KeyRing.LoadedKey key) throws Exception {
        Instant now = Instant.now();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("http://localhost:8081");
        claims.setAudience(TokenClaims.AUDIENCE_API);
        claims.setSubject(Api.AGENT1_ID.toString());
        claims.setClaim(TokenClaims.ORGANIZATION, Api.DEMO_ORG.toString());
        claims.setStringListClaim("groups", "agent");
        claims.setClaim("upn", "agent1@demo.test");
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plusSeconds(600).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(key.algorithm());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setKey(key.privateKey());
        return jws.getCompactSerialization();
    }
}
