package io.callwire.subscription;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.testing.PostgresPause;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** subscription-service answers errors in the one problem shape every Callwire service shares. */
@QuarkusTest
class ProblemShapeTest {

    private final UUID organization = UUID.randomUUID();

    @Test
    void badRequest() {
        String path = "/api/v1/entities";
        ProblemAssertions.assertProblem(given().auth().oauth2(Api.admin(organization)).queryParam("organizationId", "nope")
                .get(path), 400, path);
        ProblemAssertions.assertProblem(given().auth().oauth2(Api.admin(organization)).contentType(ContentType.JSON)
                .body("{not json").post(path), 400, path);
    }

    @Test
    void unauthorizedBeforeTheResourceRuns() {
        String path = "/api/v1/entities";
        ProblemAssertions.assertProblem(given().get(path), 401, path);
        ProblemAssertions.assertProblem(given().auth().oauth2("not.a.jwt").get(path), 401, path);
    }

    @Test
    void forbidden() {
        String path = "/api/v1/permissions";
        ProblemAssertions.assertProblem(given().auth().oauth2(TestTokens.access(organization, UUID.randomUUID(), Roles.AGENT).sign())
                .get(path), 403, path);
    }

    @Test
    void notFound() {
        String path = "/api/v1/entities/" + UUID.randomUUID();
        ProblemAssertions.assertProblem(given().auth().oauth2(Api.admin(organization)).get(path), 404, path);
    }

    @Test
    void conflict() {
        String path = "/api/v1/entities";
        UUID id = UUID.randomUUID();
        Map<String, String> body = Map.of("entityType", "Queue", "id", id.toString(), "name", "Sales");
        given().auth().oauth2(Api.admin(organization)).contentType(ContentType.JSON).body(body).post(path).then().statusCode(201);
        ProblemAssertions.assertProblem(given().auth().oauth2(Api.admin(organization)).contentType(ContentType.JSON)
                .body(body).post(path), 409, path);
    }

    @Test
    void payloadTooLarge() {
        String path = "/api/v1/entities";
        String huge = "{\"entityType\":\"Queue\",\"name\":\"" + "x".repeat(200 * 1024) + "\"}";
        ProblemAssertions.assertProblem(given().auth().oauth2(Api.admin(organization)).contentType(ContentType.JSON)
                .body(huge).post(path), 413, path);
    }

    /** A database that stops answering (SIGSTOP) is a 503 problem with Retry-After, in time, not a hang or a 500. */
    @Test
    void serviceUnavailableWhileTheDatabaseHangs() {
        String path = "/api/v1/entities";
        String token = Api.admin(organization);
        given().auth().oauth2(token).get(path).then().statusCode(200);
        io.restassured.response.Response answer;
        try (PostgresPause paused = PostgresPause.pause()) {
            answer = given().config(GIVE_UP_AFTER_15_S).auth().oauth2(token).get(path);
        }
        ProblemAssertions.assertProblem(answer, 503, path);
        org.assertj.core.api.Assertions.assertThat(answer.header("Retry-After")).isNotBlank();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth().oauth2(token).get(path).then().statusCode(200));
    }

    private static final io.restassured.config.RestAssuredConfig GIVE_UP_AFTER_15_S = io.restassured.config.RestAssuredConfig.config()
            .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 15_000)
                    .setParam("http.connection.timeout", 15_000));
}
