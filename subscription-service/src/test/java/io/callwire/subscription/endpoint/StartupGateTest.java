package io.callwire.subscription.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The start-up gate in front of a real Vert.x router and HTTP server: 503 with Retry-After and a
 * problem+json body while the revocations are not loaded, the next handler once they are.
 */
class StartupGateTest {

    private static final AtomicBoolean LOADED = new AtomicBoolean();
    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        StartupGate gate = new StartupGate(LOADED::get);
        router.post("/rte/negotiate").handler(gate).handler(ctx -> ctx.response().end("negotiated"));
        router.get("/rte").handler(gate).handler(ctx -> ctx.response().end("upgraded"));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesWith503UntilTheRevocationsAreLoadedThenLetsRequestsThrough() throws Exception {
        LOADED.set(false);
        for (String[] request : new String[][] {{"POST", "/rte/negotiate"}, {"GET", "/rte"}}) {
            HttpResponse<String> refused = send(request[0], request[1]);
            assertThat(refused.statusCode()).as(request[1]).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = new ObjectMapper().readTree(refused.body());
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("title").asText()).isEqualTo("Service Unavailable");
            assertThat(problem.path("detail").asText()).contains("starting");
            assertThat(problem.path("instance").asText()).isEqualTo(request[1]);
        }

        LOADED.set(true);
        assertThat(send("POST", "/rte/negotiate").body()).isEqualTo("negotiated");
        HttpResponse<String> upgraded = send("GET", "/rte");
        assertThat(upgraded.statusCode()).isEqualTo(200);
        assertThat(upgraded.body()).isEqualTo("upgraded");
        assertThat(upgraded.headers().firstValue("Retry-After")).isEmpty();
    }
}
