package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.testing.LogSecrets;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * No password, client secret, access, refresh or RTE token appears in an API answer after the one
 * that created it, nor in any line the service logged while every test class of this module ran
 * ({@code @Order} makes this class the last, see the module's surefire configuration).
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class SecretsInLogsTest {

    @Inject
    Bootstrap bootstrap;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    @Test
    void noSecretIsShownAgainOrLogged() {
        String admin = Api.admin();
        String password = "user-password-" + System.nanoTime();
        String username = "secret-" + System.nanoTime() + "@demo.test";
        String user = bearer(admin).contentType("application/json")
                .body(Map.of("username", username, "displayName", "S", "password", password, "roles", List.of("agent")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        var client = bearer(admin).contentType("application/json")
                .body(Map.of("clientId", "crm-" + System.nanoTime(), "name", "CRM", "roles", List.of("integration")))
                .post("/api/v1/clients").then().statusCode(201).extract();
        String clientSecret = client.path("clientSecret");
        var signIn = Api.from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", username)
                .formParam("password", password).post("/oauth/token").then().statusCode(200).extract();
        String access = signIn.path("access_token");
        String refresh = signIn.path("refresh_token");
        // a wrong password and a wrong secret, which a careless log would print
        Api.from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", username)
                .formParam("password", password + "-wrong").post("/oauth/token").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        Api.from(Api.freshAddress()).auth().preemptive().basic((String) client.path("clientId"), clientSecret + "-wrong")
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        String machine = Api.from(Api.freshAddress()).auth().preemptive().basic((String) client.path("clientId"), clientSecret)
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200).extract().path("access_token");
        var refreshed = Api.from(Api.freshAddress()).formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                .post("/oauth/token").then().statusCode(200).extract();
        // the refreshed-away token again: reuse, which revokes the session (and is logged as such)
        Api.from(Api.freshAddress()).formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                .post("/oauth/token").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));

        List<String> answers = new ArrayList<>();
        answers.add(bearer(admin).get("/api/v1/users/" + user).then().statusCode(200).extract().asString());
        answers.add(bearer(admin).get("/api/v1/users?size=100").then().statusCode(200).extract().asString());
        answers.add(bearer(admin).get("/api/v1/clients/" + client.path("id")).then().statusCode(200).extract().asString());
        answers.add(bearer(admin).get("/api/v1/clients").then().statusCode(200).extract().asString());
        for (String answer : answers) {
            assertThat(answer).doesNotContain(password).doesNotContain(clientSecret).doesNotContain(refresh);
        }
        List<String> known = List.of(password, clientSecret, access, refresh, machine, refreshed.path("access_token"),
                refreshed.path("refresh_token"));
        assertThat(LogSecrets.leaks(LogSecrets.TEST_LOG, known)).as("secrets in the log").isEmpty();
        System.out.printf("SecretsInLogsTest (auth): %d log lines scanned, no secret%n", LogSecrets.lines(LogSecrets.TEST_LOG));
    }
}
