package io.callwire.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.callwire.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

@QuarkusTest
@QuarkusTestResource(ConsoleResourceTest.FakeServices.class)
class ConsoleResourceTest {

    @Test
    void showsWhichServicesAnswerTheirReadinessCheck() {
        given().when().get("/")
                .then().statusCode(200)
                .body(containsString("auth-service"), containsString("ready (HTTP 200)"),
                        containsString("subscription-service"), containsString("not ready (HTTP 503)"),
                        containsString("notifier-service"), containsString("not ready (unreachable)"));
    }

    @Test
    void answersItsOwnHealthChecks() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    /** A real HTTP server standing in for a ready auth-service and a failing subscription-service. */
    public static class FakeServices implements QuarkusTestResourceLifecycleManager {
        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            int port = FreePorts.next();
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
                    .setStatusCode(request.path().startsWith("/ready") ? 200 : 503).end());
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
            return Map.of(
                    "callwire.auth-url", "http://127.0.0.1:" + port + "/ready",
                    "callwire.subscription-url", "http://127.0.0.1:" + port + "/failing",
                    "callwire.notifier-url", "http://127.0.0.1:" + FreePorts.next());
        }

        @Override
        public void stop() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
