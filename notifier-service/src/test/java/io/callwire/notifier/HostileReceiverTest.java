package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Receivers that answer with too much, or too slowly: an answer is read no further than the excerpt
 * that is kept (the connection is reset instead), and {@code timeoutMs} bounds the whole exchange, not
 * the silence between two bytes.
 */
@QuarkusTest
class HostileReceiverTest {

    static final Vertx VERTX = Vertx.vertx();
    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @AfterAll
    static void stopVertx() {
        VERTX.close();
    }

    /**
     * A server that answers 200 and then streams {@code limit} bytes of body as fast as it can. Both servers
     * listen on port 0, bound by the kernel (read with {@code actualPort()}): a port probed free beforehand
     * could be taken by another process before the bind.
     */
    static HttpServer flooding(long limit, AtomicLong written) throws Exception {
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        HttpServer server = VERTX.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            HttpServerResponse response = request.response().setChunked(true).setStatusCode(200);
            Runnable[] pump = new Runnable[1];
            pump[0] = () -> {
                while (!response.closed() && !response.writeQueueFull() && written.get() < limit) {
                    response.write(chunk);
                    written.addAndGet(chunk.length());
                }
                if (written.get() >= limit && !response.closed()) {
                    response.end();
                } else if (!response.closed()) {
                    response.drainHandler(v -> pump[0].run());
                }
            };
            pump[0].run();
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server;
    }

    /** A server that answers 200 and then one byte of body every 100 ms for 30 s. */
    static HttpServer trickling() throws Exception {
        HttpServer server = VERTX.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            HttpServerResponse response = request.response().setChunked(true).setStatusCode(200);
            response.write("x");
            long[] sent = {1};
            VERTX.setPeriodic(100, id -> {
                if (response.closed() || sent[0]++ >= 300) {
                    VERTX.cancelTimer(id);
                    if (!response.closed()) {
                        response.end();
                    }
                    return;
                }
                response.write("x");
            });
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server;
    }

    @Test
    void aHugeAnswerIsReadOnlyAsFarAsTheExcerptAndTheConnectionIsReset() throws Exception {
        AtomicLong written = new AtomicLong();
        // 256 MiB: read whole (as before), this takes seconds and as much heap; cut, a few socket buffers
        HttpServer server = flooding(256L * 1024 * 1024, written);
        int port = server.actualPort();
        try {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, DeliveryTest.webhook("http://127.0.0.1:" + port + "/flood", null));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<Map<String, Object>> items = DeliveryTest.deliveries(org, id);
                return items.size() == 1 && "DELIVERED".equals(items.get(0).get("status"));
            });
            String delivery = (String) DeliveryTest.deliveries(org, id).get(0).get("id");
            String excerpt = Api.as(org).get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                    .extract().path("attempts[0].responseExcerpt");
            assertThat(excerpt).hasSize(1024);
            // the sender stopped reading: the server could write little more than what the sockets buffer
            assertThat(written.get()).isLessThan(32L * 1024 * 1024);
        } finally {
            server.close();
        }
    }

    @Test
    void timeoutMsBoundsTheWholeExchangeOfATricklingReceiver() throws Exception {
        HttpServer server = trickling();
        int port = server.actualPort();
        try {
            UUID org = UUID.randomUUID();
            String id = Api.create(org, """
                    {"name": "trickle", "url": "http://127.0.0.1:%d/slow", "events": ["QueueStatus"], "timeoutMs": 1000,
                     "retry": {"maxAttempts": 1}}
                    """.formatted(port));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<Map<String, Object>> items = DeliveryTest.deliveries(org, id);
                return items.size() == 1 && "DEAD".equals(items.get(0).get("status"));
            });
            String delivery = (String) DeliveryTest.deliveries(org, id).get(0).get("id");
            Map<String, Object> attempt = Api.as(org).get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                    .extract().path("attempts[0]");
            assertThat((String) attempt.get("error")).contains("timeout");
            assertThat(((Number) attempt.get("latencyMs")).longValue()).isBetween(900L, 2500L);
        } finally {
            server.close();
        }
    }
}
