package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.testing.PostgresPause;
import io.callwire.testing.ProblemAssertions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * auth-service's REST API answers 401 before the resource runs and 503 while its database hangs in
 * the one problem shape of every service (its OAuth endpoints keep RFC 6749 error bodies on purpose).
 */
@QuarkusTest
class ProblemShapeTest {

    /** Above auth-service's request deadline (15 s, over its deliberate sign-in slowdown). */
    private static final RestAssuredConfig GIVE_UP_AFTER_30_S = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 30_000).setParam("http.connection.timeout", 30_000));

    @Inject
    Bootstrap bootstrap;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    @Test
    void unauthorizedBeforeTheResourceRuns() {
        String path = "/api/v1/users";
        ProblemAssertions.assertProblem(given().get(path), 401, path);
        ProblemAssertions.assertProblem(bearer("not.a.jwt").get(path), 401, path);
        ProblemAssertions.assertProblem(given().get("/token/me/rte"), 401, "/token/me/rte");
    }

    @Test
    void serviceUnavailableWhileTheDatabaseHangs() {
        String admin = Api.admin();
        String path = "/api/v1/users/" + Api.AGENT1_ID;
        bearer(admin).get(path).then().statusCode(200);
        Response answer;
        try (PostgresPause paused = PostgresPause.pause()) {
            answer = bearer(admin).config(GIVE_UP_AFTER_30_S).get(path);
        }
        ProblemAssertions.assertProblem(answer, 503, path);
        assertThat(answer.header("Retry-After")).isNotBlank();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> bearer(admin).get(path).then().statusCode(200));
    }
}
