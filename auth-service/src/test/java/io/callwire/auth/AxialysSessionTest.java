package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.contract.security.TokenClaims;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The Axialys document's session calls: {@code /axialys/ws/} (X-JSON) and {@code /axialys/vm/token}. */
@QuarkusTest
class AxialysSessionTest {

    private static final String EXPIRE_FORMAT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\+00:00";

    @Inject
    Bootstrap bootstrap;

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwks;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    /** Verified with jose4j against the live JWKS, as a real-time endpoint does: an RTE token. */
    private JwtClaims verifyRte(String token) throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwks.toString())))
                .setExpectedIssuer("http://localhost:8081")
                .setExpectedAudience(TokenClaims.AUDIENCE_RTE)
                .setRequireExpirationTime().setRequireIssuedAt().setRequireJwtId().setRequireSubject()
                .build().process(token).getJwtClaims();
    }

    static String xJsonInit(String login, String password) {
        return "{\"requete\":\"init\",\"header\":{\"login\":\"" + login + "\",\"password\":\"" + password
                + "\",\"account_type\":\"supervisor\"},\"msg\":{}}";
    }

    static String xJsonRefresh(String idSession) {
        return "{\"requete\":\"refresh_token\",\"header\":{\"id_session\":\"" + idSession + "\"},\"msg\":{}}";
    }

    @Test
    void initGivesTheDocumentsObjectAndASessionBoundToTheCallersAddressForTwoHours() throws Exception {
        String address = Api.freshAddress();
        Response response = Api.from(address).header("X-JSON", xJsonInit("supervisor@demo.test", "demo")).post("/axialys/ws/");
        response.then().statusCode(200).contentType("application/json").header("Cache-Control", "no-store");
        Map<String, Object> body = response.as(Map.class);
        assertThat(body).containsOnlyKeys("ops", "groupes", "trunks", "pauses", "target", "expire", "id_session");
        assertThat(body.get("target")).isEqualTo(Api.SUPERVISOR_ID.toString());
        assertThat((String) body.get("expire")).matches(EXPIRE_FORMAT);
        List<Map<String, Object>> ops = (List<Map<String, Object>>) body.get("ops");
        assertThat(ops).extracting(op -> op.get("id")).contains(Api.AGENT1_ID.toString())
                .doesNotContain(Api.SUPERVISOR_ID.toString(), Api.ADMIN_ID.toString());
        assertThat(ops.get(0)).containsOnlyKeys("id", "nom", "groupes");

        JwtClaims claims = verifyRte((String) body.get("id_session"));
        assertThat(claims.getSubject()).isEqualTo(Api.SUPERVISOR_ID.toString());
        assertThat(claims.getStringClaimValue(TokenClaims.ORGANIZATION)).isEqualTo(Api.DEMO_ORG.toString());
        assertThat(claims.getStringClaimValue(TokenClaims.BOUND_IP)).isEqualTo(address);
        assertThat(claims.getStringClaimValue("token_use")).isEqualTo("rte");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(7200);
        assertThat(claims.getStringClaimValue(TokenClaims.SESSION)).isNotBlank();
    }

    @Test
    void initRefusesWrongPasswordsAgentsAndMalformedHeadersWithProblems() {
        Api.from(Api.freshAddress()).header("X-JSON", xJsonInit("supervisor@demo.test", "wrong")).post("/axialys/ws/")
                .then().statusCode(401).contentType("application/problem+json").body("detail", equalTo("Invalid login or password"));
        Api.from(Api.freshAddress()).header("X-JSON", xJsonInit("agent1@demo.test", "demo")).post("/axialys/ws/")
                .then().statusCode(403).contentType("application/problem+json");
        Api.from(Api.freshAddress()).header("X-JSON", "{not json").post("/axialys/ws/")
                .then().statusCode(400).contentType("application/problem+json");
        Api.from(Api.freshAddress()).post("/axialys/ws/").then().statusCode(400).contentType("application/problem+json");
        Api.from(Api.freshAddress()).header("X-JSON", "{\"requete\":\"status\",\"header\":{}}").post("/axialys/ws/")
                .then().statusCode(400).body("detail", equalTo("requete: must be init or refresh_token")).body("errors[0].field", equalTo("requete"));
    }

    @Test
    void refreshBeforeExpiryGivesAFreshSessionFromTheSameAddressOnly() throws Exception {
        String address = Api.freshAddress();
        String first = Api.from(address).header("X-JSON", xJsonInit("supervisor@demo.test", "demo")).post("/axialys/ws/")
                .then().statusCode(200).extract().path("id_session");
        Response refreshed = Api.from(address).header("X-JSON", xJsonRefresh(first)).post("/axialys/ws/");
        refreshed.then().statusCode(200);
        Map<String, Object> body = refreshed.as(Map.class);
        assertThat(body).containsOnlyKeys("id_session", "expire");
        assertThat((String) body.get("expire")).matches(EXPIRE_FORMAT);
        JwtClaims before = verifyRte(first);
        JwtClaims after = verifyRte((String) body.get("id_session"));
        assertThat(after.getJwtId()).isNotEqualTo(before.getJwtId());
        assertThat(after.getSubject()).isEqualTo(before.getSubject());
        assertThat(after.getStringClaimValue(TokenClaims.BOUND_IP)).isEqualTo(address);
        assertThat(after.getStringClaimValue(TokenClaims.SESSION)).isEqualTo(before.getStringClaimValue(TokenClaims.SESSION));

        Api.from(Api.freshAddress()).header("X-JSON", xJsonRefresh(first)).post("/axialys/ws/")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("The session is bound to another address"));
        Api.from(address).header("X-JSON", xJsonRefresh("not-a-session")).post("/axialys/ws/").then().statusCode(401);
    }

    @Test
    void aRevokedSessionOrADisabledSupervisorCannotRefresh() {
        String address = Api.freshAddress();
        String session = Api.from(address).header("X-JSON", xJsonInit("supervisor@demo.test", "demo")).post("/axialys/ws/")
                .then().statusCode(200).extract().path("id_session");
        given().formParam("token", session).post("/oauth/revoke").then().statusCode(200);
        Api.from(address).header("X-JSON", xJsonRefresh(session)).post("/axialys/ws/").then().statusCode(401);

        String admin = Api.admin();
        String username = "axialys-sup-" + UUID.randomUUID() + "@demo.test";
        String id = bearer(admin).contentType("application/json")
                .body(Map.of("username", username, "displayName", "Sup", "password", "password-1", "roles", List.of("supervisor")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        String other = Api.from(address).header("X-JSON", xJsonInit(username, "password-1")).post("/axialys/ws/")
                .then().statusCode(200).extract().path("id_session");
        bearer(admin).post("/api/v1/users/" + id + "/disable").then().statusCode(200);
        Api.from(address).header("X-JSON", xJsonRefresh(other)).post("/axialys/ws/").then().statusCode(401);
    }

    @Test
    void vmTokenForAnApiClientAnAgentAndASupervisor() throws Exception {
        String address = Api.freshAddress();
        Response api = Api.from(address).auth().preemptive().basic("demo-integration", "demo-secret")
                .contentType("application/json").body("{\"user_type\":\"api\"}").post("/axialys/vm/token");
        api.then().statusCode(200).contentType("application/json");
        Map<String, Object> body = api.as(Map.class);
        assertThat(body).containsOnlyKeys("id_session", "expire", "target", "id_client");
        assertThat(body.get("id_client")).isEqualTo(Api.DEMO_ORG.toString());
        assertThat(body.get("target")).isEqualTo("6f0d3c1e-0004-4000-8000-000000000001");
        JwtClaims claims = verifyRte((String) body.get("id_session"));
        assertThat(claims.getStringClaimValue(TokenClaims.BOUND_IP)).isEqualTo(address);
        assertThat(claims.getStringClaimValue("client_id")).isEqualTo("demo-integration");

        Api.from(address).auth().preemptive().basic("agent1@demo.test", "demo").contentType("application/json")
                .body("{\"user_type\":\"agent\"}").post("/axialys/vm/token")
                .then().statusCode(200).body("target", equalTo(Api.AGENT1_ID.toString()));
        Api.from(address).auth().preemptive().basic("supervisor@demo.test", "demo").contentType("application/json")
                .body("{\"user_type\":\"supervisor\"}").post("/axialys/vm/token")
                .then().statusCode(200).body("target", equalTo(Api.SUPERVISOR_ID.toString()));
    }

    @Test
    void vmTokenRefusesTheWrongAccountTypeBadCredentialsAndUnknownUserTypes() {
        Api.from(Api.freshAddress()).auth().preemptive().basic("agent1@demo.test", "demo").contentType("application/json")
                .body("{\"user_type\":\"supervisor\"}").post("/axialys/vm/token")
                .then().statusCode(403).contentType("application/problem+json");
        Api.from(Api.freshAddress()).auth().preemptive().basic("agent1@demo.test", "demo").contentType("application/json")
                .body("{\"user_type\":\"api\"}").post("/axialys/vm/token").then().statusCode(403);
        Api.from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "wrong").contentType("application/json")
                .body("{\"user_type\":\"api\"}").post("/axialys/vm/token")
                .then().statusCode(401).contentType("application/problem+json");
        Api.from(Api.freshAddress()).contentType("application/json").body("{\"user_type\":\"api\"}").post("/axialys/vm/token")
                .then().statusCode(401);
        Api.from(Api.freshAddress()).auth().preemptive().basic("agent1@demo.test", "demo").contentType("application/json")
                .body("{\"user_type\":\"robot\"}").post("/axialys/vm/token")
                .then().statusCode(400).contentType("application/problem+json").body("detail", equalTo("user_type: must be one of api, agent, supervisor"));
    }
}
