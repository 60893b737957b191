package io.callwire.support.resilience;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.callwire.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * PostgreSQL stops answering (its processes stopped with SIGSTOP, as a network partition looks to
 * the service): REST answers 503 problem+json within seconds instead of hanging, readiness turns
 * false within a probe's timeout, and both recover by themselves when the server continues.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class DatabaseHangTest {

    /** Without the fix the calls hang for as long as the database does: give up well before that. */
    private static final RestAssuredConfig GIVE_UP_AFTER_10_S = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 10_000).setParam("http.connection.timeout", 10_000));

    @Test
    void restAndReadinessAnswerInTimeWhileTheDatabaseHangsAndRecoverAfter() throws Exception {
        given().config(GIVE_UP_AFTER_10_S).get("/test/database").then().statusCode(200);
        given().config(GIVE_UP_AFTER_10_S).get("/q/health/ready").then().statusCode(200);
        int backend = Integer.parseInt(given().config(GIVE_UP_AFTER_10_S).get("/test/database/backend").then().statusCode(200).extract().asString());
        List<Long> server = serverProcesses(backend);

        signal("-STOP", server);
        try {
            // more requests than the pool lends at once by the time the last one asks
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                Response response = given().config(GIVE_UP_AFTER_10_S).get("/test/database");
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.jsonPath().getString("type")).matches("https://callwire.dev/problems/(deadline-exceeded|database-unavailable)");
                assertThat(response.header("Retry-After")).isNotBlank();
                assertThat(tookMillis).as("answered in time").isLessThan(4_000);
            }
            long started = System.nanoTime();
            Response ready = given().config(GIVE_UP_AFTER_10_S).get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.asString()).contains("database").contains("DOWN");
            assertThat((System.nanoTime() - started) / 1_000_000).as("readiness in a probe's timeout").isLessThan(3_000);
        } finally {
            signal("-CONT", server);
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().config(GIVE_UP_AFTER_10_S).get("/test/database").then().statusCode(200);
            given().config(GIVE_UP_AFTER_10_S).get("/q/health/ready").then().statusCode(200);
        });
    }

    /** The postmaster (the backend's parent) and every process it runs. */
    private static List<Long> serverProcesses(int backendPid) {
        ProcessHandle postmaster = ProcessHandle.of(backendPid).flatMap(ProcessHandle::parent).orElseThrow();
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster.pid());
        postmaster.descendants().forEach(process -> pids.add(process.pid()));
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        assertThat(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor()).isZero();
    }
}
