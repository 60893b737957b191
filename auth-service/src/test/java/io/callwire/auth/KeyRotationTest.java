package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Rotation without restart: new tokens use the new key, old ones still verify. */
@QuarkusTest
class KeyRotationTest {

    @Inject
    Bootstrap bootstrap;

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
}
