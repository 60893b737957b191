package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.auth.service.KeyRing;
import io.callwire.contract.security.TokenClaims;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The reference API's token call, and the tokens the protected endpoints refuse. */
@QuarkusTest
class RteTokenTest {

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
    void meExchangesAnAccessTokenForExactlyWssEndpointAndToken() throws Exception {
        Response response = bearer(Api.admin()).get("/token/me/rte/");
        response.then().statusCode(200).contentType("application/json");
        Map<String, Object> body = response.as(Map.class);
        assertThat(body).containsOnlyKeys("WssEndpoint", "Token");
        assertThat(body.get("WssEndpoint")).isEqualTo("ws://localhost:8082/rte");

        JwtClaims claims = TokenEndpointTest.verifyIndependently(jwks, (String) body.get("Token")).getJwtClaims();
        assertThat(claims.getSubject()).isEqualTo(Api.ADMIN_ID.toString());
        assertThat(claims.getStringClaimValue(TokenClaims.ORGANIZATION)).isEqualTo(Api.DEMO_ORG.toString());
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("org-admin");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(7200);
        assertThat(claims.hasClaim(TokenClaims.BOUND_IP)).isFalse();
    }

    @Test
    void aUserGetsItsOwnTokenByIdWithOrWithoutTheTrailingSlash() {
        String agent = Api.agent1();
        bearer(agent).get("/token/" + Api.AGENT1_ID + "/rte/").then().statusCode(200).body("WssEndpoint", equalTo("ws://localhost:8082/rte"));
        bearer(agent).get("/token/" + Api.AGENT1_ID + "/rte").then().statusCode(200);
    }

    @Test
    void bindingToTheCallersAddressPutsItInTheIpClaim() throws Exception {
        String token = Api.from("203.0.113.7").header("Authorization", "Bearer " + Api.agent1())
                .get("/token/me/rte/?bindIp=true").then().statusCode(200).extract().path("Token");
        assertThat(TokenEndpointTest.verifyIndependently(jwks, token).getJwtClaims().getStringClaimValue(TokenClaims.BOUND_IP))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void anAddressBoundAccessTokenIsRefusedFromAnotherAddress() {
        String bound = Api.from("203.0.113.8").formParam("grant_type", "password").formParam("username", "agent2@demo.test")
                .formParam("password", "demo").formParam("bind_ip", "true").post("/oauth/token")
                .then().statusCode(200).extract().path("access_token");
        Api.from("203.0.113.8").header("Authorization", "Bearer " + bound).get("/token/me/rte/").then().statusCode(200);
        Api.from("203.0.113.9").header("Authorization", "Bearer " + bound).get("/token/me/rte/").then().statusCode(401);
    }

    @Test
    void orgAdminGetsTokensForItsUsersButAnotherOrganizationsUserIsMissing() throws Exception {
        String admin = Api.admin();
        String token = bearer(admin).get("/token/" + Api.AGENT1_ID + "/rte/").then().statusCode(200).extract().path("Token");
        JwtClaims claims = TokenEndpointTest.verifyIndependently(jwks, token).getJwtClaims();
        assertThat(claims.getSubject()).isEqualTo(Api.AGENT1_ID.toString());
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("agent");

        bearer(admin).get("/token/" + Api.ROOT_ID + "/rte/").then().statusCode(404);
        bearer(admin).get("/token/" + UUID.randomUUID() + "/rte/").then().statusCode(404);
        bearer(Api.root()).get("/token/" + Api.AGENT1_ID + "/rte/").then().statusCode(200);
    }

    @Test
    void anAgentCannotGetAnotherUsersToken() {
        bearer(Api.agent1()).get("/token/" + Api.SUPERVISOR_ID + "/rte/").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void anRteTokenIsForTheWebSocketOnly() {
        String rte = bearer(Api.agent1()).get("/token/me/rte/").then().statusCode(200).extract().path("Token");
        bearer(rte).get("/token/me/rte/").then().statusCode(401);
        bearer(rte).get("/api/v1/users/" + Api.AGENT1_ID).then().statusCode(401);
    }

    @Test
    void withoutATokenTheCallIsUnauthorized() {
        given().get("/token/me/rte/").then().statusCode(401);
        bearer("not-a-jwt").get("/token/me/rte/").then().statusCode(401);
    }

    @Test
    void expiredNotYetValidWrongIssuerWrongAudienceTamperedUnsignedHs256UnknownKeyAndOtherIpTokensAreRefused() throws Exception {
        Instant now = Instant.now();
        String api = TokenClaims.AUDIENCE_API;
        String valid = sign(claims(now.minusSeconds(60), now.plusSeconds(600), "http://localhost:8081", api));
        bearer(valid).get("/token/me/rte/").then().statusCode(200);

        String expired = sign(claims(now.minusSeconds(7200), now.minusSeconds(3600), "http://localhost:8081", api));
        JwtClaims early = claims(now, now.plusSeconds(7200), "http://localhost:8081", api);
        early.setNotBefore(NumericDate.fromSeconds(now.plusSeconds(3600).getEpochSecond()));
        String notYetValid = sign(early);
        String wrongIssuer = sign(claims(now, now.plusSeconds(600), "https://evil.example", api));
        String wrongAudience = sign(claims(now, now.plusSeconds(600), "http://localhost:8081", "someone-else"));
        // the audience every token had before kinds were kept apart: accepted nowhere now
        String formerAudience = sign(claims(now, now.plusSeconds(600), "http://localhost:8081", "callwire"));
        JwtClaims bound = claims(now, now.plusSeconds(600), "http://localhost:8081", api);
        bound.setClaim(TokenClaims.BOUND_IP, TestTokens.OTHER_IP);
        String otherIp = sign(bound);
        String[] parts = valid.split("\\.");
        // algorithm confusion: HS256 keyed with the published public key, under the real kid
        String kid = org.jose4j.jwx.JsonWebStructure.fromCompactSerialization(valid).getKeyIdHeaderValue();
        org.jose4j.jws.JsonWebSignature hs = new org.jose4j.jws.JsonWebSignature();
        hs.setPayload(claims(now, now.plusSeconds(600), "http://localhost:8081", api).toJson());
        hs.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.HMAC_SHA256);
        hs.setKeyIdHeaderValue(kid);
        hs.setKey(new javax.crypto.spec.SecretKeySpec(keys.verificationKey(kid).orElseThrow().publicKey().getEncoded(), "HmacSHA256"));
        hs.setDoKeyValidation(false);
        String hs256 = hs.getCompactSerialization();
        JwtClaims other = claims(now, now.plusSeconds(600), "http://localhost:8081", api);
        other.setClaim(TokenClaims.ORGANIZATION, UUID.randomUUID().toString());
        String tampered = parts[0] + "." + base64(other.toJson()) + "." + parts[2];
        String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String unknownKey = TestTokens.user(Api.DEMO_ORG, Api.AGENT1_ID, "agent").issuer("http://localhost:8081").signWithUnknownKey();
        String signedByAForeignKey = TestTokens.user(Api.DEMO_ORG, Api.AGENT1_ID, "agent").issuer("http://localhost:8081").sign();

        for (String refused : List.of(expired, notYetValid, wrongIssuer, wrongAudience, formerAudience, otherIp, tampered, unsigned,
                hs256, unknownKey, signedByAForeignKey, TestTokens.refreshAsBearer())) {
            bearer(refused).get("/token/me/rte/").then().statusCode(401);
            bearer(refused).get("/api/v1/users").then().statusCode(401);
        }
    }

    private JwtClaims claims(Instant issuedAt, Instant expiresAt, String issuer, String audience) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(Api.AGENT1_ID.toString());
        claims.setClaim(TokenClaims.ORGANIZATION, Api.DEMO_ORG.toString());
        claims.setStringListClaim("groups", "agent");
        claims.setClaim("upn", "agent1@demo.test");
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    /** Signed with the service's own current key: only the claim under test is wrong. */
    private String sign(JwtClaims claims) {
        return keys.sign(claims, Instant.now());
    }

    private static String base64(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
