package io.callwire.notifier.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A real HTTP receiver for webhook tests (a Vert.x server on a free loopback port). Records every
 * request; answers from a queue of scripted responses, then with the default.
 */
public final class Receiver implements AutoCloseable {

    /** One received request. */
    public record Request(String method, String uri, String path, MultiMap headers, String body, java.time.Instant at) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * One scripted answer, sent after {@code delayMillis} or, when {@code release} is set, once the test
     * completes it (a request held in flight exactly as long as the test says, whatever the machine's load).
     */
    public record Answer(int status, Map<String, String> headers, String body, long delayMillis, CompletionStage<?> release) {
        public Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, 0, null);
        }

        public static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }

        /** Answers only after {@code delayMillis} (a hanging endpoint). */
        public static Answer after(long delayMillis, int status) {
            return new Answer(status, Map.of(), "", delayMillis, null);
        }

        /** Answers only once {@code release} completes (at once if it already has). */
        public static Answer when(CompletionStage<?> release, int status) {
            return new Answer(status, Map.of(), "", 0, release);
        }
    }

    private static final Vertx VERTX = Vertx.vertx();

    private final HttpServer server;
    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
    private volatile Function<Request, Answer> fallback = request -> Answer.of(200);

    public Receiver() {
        this.server = VERTX.createHttpServer().requestHandler(this::handle);
        try {
            // port 0: the kernel picks a free port as it binds (a port probed free beforehand can be taken
            // by another build's process before the bind)
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        this.port = server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Request received = new Request(request.method().name(), request.uri(), request.path(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString(), java.time.Instant.now());
            requests.add(received);
            Answer answer = script.poll();
            if (answer == null) {
                answer = fallback.apply(received);
            }
            Answer chosen = answer;
            Runnable respond = () -> {
                if (request.response().closed()) {
                    return;
                }
                var response = request.response().setStatusCode(chosen.status());
                chosen.headers().forEach(response::putHeader);
                response.end(chosen.body());
            };
            if (chosen.release() != null) {
                Context context = Vertx.currentContext();
                chosen.release().whenComplete((ignored, failure) -> context.runOnContext(v -> respond.run()));
            } else if (chosen.delayMillis() > 0) {
                VERTX.setTimer(chosen.delayMillis(), id -> respond.run());
            } else {
                respond.run();
            }
        });
    }

    /** The base URL, e.g. {@code http://127.0.0.1:4711}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers the next requests with these, in order. */
    public Receiver thenAnswer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers every unscripted request with this status. */
    public Receiver byDefault(int status) {
        fallback = request -> Answer.of(status);
        return this;
    }

    /** Answers every unscripted request with this function. */
    public Receiver byDefault(Function<Request, Answer> answer) {
        fallback = answer;
        return this;
    }

    /** All requests so far. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to one path. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
