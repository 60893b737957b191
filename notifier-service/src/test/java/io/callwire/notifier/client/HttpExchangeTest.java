package io.callwire.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
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
    private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    /** How long the server waits before it answers 200; negative: until the test releases the request. */
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
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(body.toString());
            if (answerAfterMs < 0) {
                held.add(request); // answered by the test (release)
            } else if (answerAfterMs == 0) {
                answer(request);
            } else {
                vertx.setTimer(answerAfterMs, id -> answer(request));
            }
        }));
        // port 0: bound by the kernel, never a port probed free that another process takes meanwhile
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(1).setMaxWaitQueueSize(64));
    }

    private static void answer(HttpServerRequest request) {
        if (!request.response().closed()) {
            request.response().setStatusCode(200).end("ok");
        }
    }

    /** Answers the requests the server holds (answerAfterMs < 0). */
    private void release() {
        List<HttpServerRequest> holding = List.copyOf(held);
        held.clear();
        holding.forEach(HttpExchangeTest::answer);
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

    /** Requests queued on the one connection; each is answered ANSWER_MS after it arrives. */
    private static final int QUEUED = 6;
    private static final long ANSWER_MS = 250;
    /**
     * Each request's timeout: well above its own time on the connection (the margin a slow machine may take),
     * well below the time the last one spends queued and answered (at least QUEUED × ANSWER_MS = 1,500 ms,
     * only more when the machine is slow).
     */
    private static final long TIMEOUT_MS = 1_250;

    @Test
    void aRequestQueuedBehindOthersGetsItsWholeTimeoutOnceItHasTheConnection() {
        answerAfterMs = ANSWER_MS;
        List<Uni<Timed>> requests = new java.util.ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            requests.add(timed("r" + i));
        }
        List<Timed> answered = Uni.join().all(requests).andFailFast().await().atMost(Duration.ofSeconds(60));

        assertThat(received).hasSize(QUEUED).doesNotHaveDuplicates();
        // the premise: the last request spent longer than its timeout between being made and being answered,
        // so counting its wait for the connection would have failed it
        assertThat(answered).anySatisfy(timed -> assertThat(timed.totalMs()).isGreaterThan(TIMEOUT_MS));
        // each answered 200 (timed), and the time recorded for it is its own on the connection, not the wait:
        // at least the receiver's delay, less than the timeout (the last one's total was more)
        assertThat(answered).allSatisfy(timed -> assertThat(timed.usedMs()).isGreaterThanOrEqualTo(ANSWER_MS - 5)
                .isLessThan(TIMEOUT_MS));
    }

    /** The time a request's attempt recorded as used, and the time from its making to its answer. */
    private record Timed(long usedMs, long totalMs) {
    }

    /** A request with a timeout of TIMEOUT_MS, answered 200: the time its attempt used, read when it completed. */
    private Uni<Timed> timed(String body) {
        long made = System.nanoTime();
        AttemptClock clock = new AttemptClock(TIMEOUT_MS);
        // the queue may be slow on a loaded machine: the wait for the connection is not what is bounded here
        return post(body, clock, 60_000).map(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            return new Timed(clock.usedMs(), (System.nanoTime() - made) / 1_000_000);
        });
    }

    @Test
    void aReceiverThatDoesNotAnswerStillTimesOutOnceTheRequestIsSent() {
        answerAfterMs = -1; // never answered unless released
        long started = System.nanoTime();
        AttemptClock clock = new AttemptClock(300);
        assertThatThrownBy(() -> post("hangs", clock, 5_000).await().atMost(Duration.ofSeconds(30)))
                .hasCauseInstanceOf(HttpExchange.DeadlineException.class);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        // not before the deadline (the clock started after `started`); the upper bound only says the exchange
        // ended on its deadline rather than on the receiver, which never answers: generous for a slow machine
        assertThat(elapsedMs).isBetween(290L, 10_000L);
        // the request was sent before the deadline cut it: the receiver reads it, though perhaps only after
        // the client gave up when the machine is slow
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).containsExactly("hangs"));
    }

    @Test
    void aRequestThatWaitsTooLongForAConnectionIsNeverSent() {
        answerAfterMs = -1;
        // the first holds the only connection until released (within its 60 s timeout); the second may wait 300 ms
        Uni<HttpExchange.Answer> first = post("first", new AttemptClock(60_000), 5_000).memoize().indefinitely();
        first.subscribe().with(answer -> { }, failure -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
        long started = System.nanoTime();
        assertThatThrownBy(() -> post("second", new AttemptClock(60_000), 300).await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(HttpExchange.PoolWaitException.class);
        // the wait was bounded by its 300 ms, not by the first request's answer (which never comes until released)
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(290L, 10_000L);
        release();
        assertThat(first.await().atMost(Duration.ofSeconds(10)).status()).isEqualTo(200);
        // not an attempt that failed: the receiver never saw it. A request made now goes on the same single
        // connection after anything still queued there, so the second, had it stayed queued, would come before it
        answerAfterMs = 0;
        assertThat(post("third", new AttemptClock(60_000), 5_000).await().atMost(Duration.ofSeconds(10)).status())
                .isEqualTo(200);
        assertThat(received).containsExactly("first", "third");
    }
}
