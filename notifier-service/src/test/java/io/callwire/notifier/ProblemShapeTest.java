package io.callwire.notifier;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.notifier.support.Api;
import io.callwire.testing.PostgresPause;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** notifier-service answers errors in the one problem shape every Callwire service shares. */
@QuarkusTest
class ProblemShapeTest {

    private static final String PATH = "/api/v1/webhooks";
    private final UUID organization = UUID.randomUUID();

    @Test
    void badRequestNamesTheFields() {
        ProblemAssertions.assertProblem(Api.as(organization).body("{\"name\": \"x\", \"url\": \"ftp://nope\", \"events\": []}")
                .post(PATH), 400, PATH);
        ProblemAssertions.assertProblem(Api.as(organization).body("{not json").post(PATH), 400, PATH);
        ProblemAssertions.assertProblem(Api.as(organization).get(PATH + "?size=0"), 400, PATH);
    }

    @Test
    void unauthorizedBeforeTheResourceRuns() {
        ProblemAssertions.assertProblem(given().get(PATH), 401, PATH);
        ProblemAssertions.assertProblem(given().auth().oauth2("not.a.jwt").get(PATH), 401, PATH);
    }

    @Test
    void forbidden() {
        ProblemAssertions.assertProblem(given().auth().oauth2(TestTokens.access(organization, UUID.randomUUID(), Roles.AGENT).sign())
                .get(PATH), 403, PATH);
    }

    @Test
    void notFound() {
        String path = PATH + "/" + UUID.randomUUID();
        ProblemAssertions.assertProblem(Api.as(organization).get(path), 404, path);
    }

    @Test
    void payloadTooLarge() {
        ProblemAssertions.assertProblem(Api.as(organization).contentType(ContentType.JSON)
                .body("{\"name\": \"" + "x".repeat(600 * 1024) + "\"}").post(PATH), 413, PATH);
    }

    /** A database that stops answering (SIGSTOP) is a 503 problem with Retry-After, in time, not a hang or a 500. */
    @Test
    void serviceUnavailableWhileTheDatabaseHangs() {
        Api.as(organization).get(PATH).then().statusCode(200);
        io.restassured.response.Response answer;
        try (PostgresPause paused = PostgresPause.pause()) {
            answer = Api.as(organization).config(GIVE_UP_AFTER_15_S).get(PATH);
        }
        ProblemAssertions.assertProblem(answer, 503, PATH);
        org.assertj.core.api.Assertions.assertThat(answer.header("Retry-After")).isNotBlank();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> Api.as(organization).get(PATH).then().statusCode(200));
    }

    private static final io.restassured.config.RestAssuredConfig GIVE_UP_AFTER_15_S = io.restassured.config.RestAssuredConfig.config()
            .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 15_000)
                    .setParam("http.connection.timeout", 15_000));
}
