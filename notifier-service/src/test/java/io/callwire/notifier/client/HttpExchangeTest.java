package io.callwire.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callwire.testing.FreePorts;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;

/**
 * One endpoint's pool of one connection, against a real server: the attempt's timeout counts from when
 * the request has its connection, and the wait for one is bounded on its own (the request is then never sent).
 */
class HttpExchangeTest {

    private static Vertx vertx;
    private HttpServer server;
    private HttpClient client;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile long answerAfterMs;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void listen() throws Exception {
        int port = FreePorts.next();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(body.toString());
            vertx.setTimer(answerAfterMs, id -> {
                if (!request.response().closed()) {
                    request.response().setStatusCode(200).end("ok");
                }
            });
        }));
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(1).setMaxWaitQueueSize(64));
    }

    @AfterEach
    void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Uni<HttpExchange.Answer> post(String body, AttemptClock clock, long poolWaitMs) {
        int port = server.actualPort();
        // sent when subscribed, as the tests compose them
        return Uni.createFrom().deferred(() -> UniHelper.toUni(HttpExchange.send(vertx, client, HttpMethod.POST,
                "http://127.0.0.1:" + port + "/hook", null, null, Map.of(), Buffer.buffer(body), clock, poolWaitMs, 1024)));
    }

    @Test
    void aRequestQueuedBehindOthersGetsItsWholeTimeoutOnceItHasTheConnection() {
        answerAfterMs = 400;
        // each takes 400 ms on the one connection, timeout 700 ms: the third waits ~800 ms for it first
        List<Long> used = Uni.join().all(timed("a"), timed("b"), timed("c")).andFailFast()
                .await().atMost(Duration.ofSeconds(10));

        assertThat(received).containsExactlyInAnyOrder("a", "b", "c");
        // each answered 200 (timed) and its recorded time is the request's own, not the wait
        assertThat(used).allSatisfy(ms -> assertThat(ms).isBetween(350L, 699L));
    }

    /** A request with a timeout of 700 ms, answered 200: the time its attempt used, read when it completed. */
    private Uni<Long> timed(String body) {
        AttemptClock clock = new AttemptClock(700);
        return post(body, clock, 5_000).map(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            return clock.usedMs();
        });
    }

    @Test
    void aReceiverThatDoesNotAnswerStillTimesOutOnceTheRequestIsSent() {
        answerAfterMs = 60_000;
        AttemptClock clock = new AttemptClock(300);
        long started = System.nanoTime();
        assertThatThrownBy(() -> post("hangs", clock, 5_000).await().atMost(Duration.ofSeconds(10)))
                .hasCauseInstanceOf(HttpExchange.DeadlineException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(280L, 2_000L);
        assertThat(received).containsExactly("hangs");
    }

    @Test
    void aRequestThatWaitsTooLongForAConnectionIsNeverSent() {
        answerAfterMs = 1_500;
        // the first holds the only connection for 1.5 s (within its 5 s timeout); the second may wait 300 ms
        Uni<HttpExchange.Answer> first = post("first", new AttemptClock(5_000), 5_000).memoize().indefinitely();
        first.subscribe().with(answer -> { }, failure -> { });
        assertThatThrownBy(() -> post("second", new AttemptClock(5_000), 300).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(HttpExchange.PoolWaitException.class);
        assertThat(first.await().atMost(Duration.ofSeconds(10)).status()).isEqualTo(200);
        // not an attempt that failed: the receiver never saw it
        assertThat(received).containsExactly("first");
    }
}
