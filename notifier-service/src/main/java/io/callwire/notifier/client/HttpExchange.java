package io.callwire.notifier.client;

import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.SocketAddress;

/**
 * One request to a tenant's server, protected against hostile answers: the whole exchange (send,
 * headers, body), from the moment the request has its connection, must finish within what is left of the
 * attempt's timeout — a receiver that trickles bytes cannot hold it open — and no more than {@code maxBody} bytes of the answer are kept. Past that the connection is
 * reset (never returned to the pool, nothing more read): the status has arrived, the rest of the body
 * matters to nobody. Redirects are not followed. A Vert.x future: every delivery makes one (see
 * DeliveryRepository on why the delivery path avoids Mutiny).
 */
final class HttpExchange {

    /** An answer: its status, headers of interest and at most the kept bytes of its body. */
    record Answer(int status, String retryAfter, String contentType, Buffer body, boolean truncated) {
    }

    /** The deadline passed before the answer was complete. */
    static final class DeadlineException extends TimeoutException {
        DeadlineException(long millis) {
            super("timeout: no complete answer within " + millis + " ms");
        }

        /** Always thrown from the same timer: its stack says nothing, and an overloaded replica makes thousands. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** No connection of the endpoint's pool became free in time: the request was never sent. */
    static final class PoolWaitException extends RuntimeException {
        PoolWaitException(long millis) {
            super("no connection of the endpoint became free within " + millis + " ms; the request was not sent");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private HttpExchange() {
    }

    /**
     * Sends one request and reads its answer, bounded. The attempt's clock stops while the request waits for
     * its connection (at most {@code poolWaitMs}, then {@link PoolWaitException}); from the moment it has one,
     * what is left of the timeout bounds the rest of the exchange.
     *
     * @param server      the checked address to connect to (the URL's host stays in Host and SNI), or null (proxy)
     * @param proxy       the proxy, at its checked address, or null
     * @param clock       the attempt's clock: its time left bounds the exchange once connected
     * @param poolWaitMs  time a request may wait for a connection of the endpoint's pool (and its connect)
     * @param maxBody     bytes of the answer's body kept; beyond, the connection is reset
     */
    static Future<Answer> send(Vertx vertx, HttpClient client, HttpMethod method, String url, SocketAddress server,
                               ProxyOptions proxy, Map<String, String> headers, Buffer body, AttemptClock clock,
                               long poolWaitMs, int maxBody) {
        Promise<Answer> answer = Promise.promise();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicLong timer = new AtomicLong(-1);
        Runnable stop = () -> {
            long id = timer.get();
            if (id >= 0) {
                vertx.cancelTimer(id);
            }
        };
        // Vert.x's connect timeout of a request is the wait for a pooled connection, a new one's connect included
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setFollowRedirects(false)
                .setConnectTimeout(poolWaitMs);
        if (server != null) {
            options.setServer(server);
        }
        if (proxy != null) {
            options.setProxyOptions(proxy);
        }
        headers.forEach(options::putHeader);
        long waitStarted = System.nanoTime();
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                if (finished.compareAndSet(false, true)) {
                    // a TimeoutException here is the pool's wait; a connect that timed out is a ConnectException
                    Throwable cause = created.cause();
                    answer.fail(cause instanceof TimeoutException ? new PoolWaitException(poolWaitMs) : cause);
                }
                return;
            }
            HttpClientRequest request = created.result();
            clock.waited(System.nanoTime() - waitStarted);
            long allowed = clock.remainingMs();
            timer.set(vertx.setTimer(allowed, id -> {
                if (finished.compareAndSet(false, true)) {
                    DeadlineException timeout = new DeadlineException(allowed);
                    request.reset(0, timeout);
                    answer.fail(timeout);
                }
            }));
            (body == null ? request.send() : request.send(body)).onComplete(sent -> {
                if (sent.failed()) {
                    if (finished.compareAndSet(false, true)) {
                        stop.run();
                        answer.fail(sent.cause());
                    }
                    return;
                }
                var response = sent.result();
                Buffer kept = Buffer.buffer(Math.min(maxBody, 4096));
                Runnable complete = () -> {
                    if (finished.compareAndSet(false, true)) {
                        stop.run();
                        answer.complete(new Answer(response.statusCode(), response.getHeader("Retry-After"),
                                response.getHeader("Content-Type"), kept, kept.length() >= maxBody));
                    }
                };
                response.exceptionHandler(failure -> {
                    if (finished.compareAndSet(false, true)) {
                        stop.run();
                        answer.fail(failure);
                    }
                });
                response.handler(chunk -> {
                    if (finished.get()) {
                        return;
                    }
                    int room = maxBody - kept.length();
                    if (chunk.length() < room) {
                        kept.appendBuffer(chunk);
                        return;
                    }
                    kept.appendBuffer(chunk, 0, room);
                    complete.run();
                    request.reset(0); // stop reading: closes the connection instead of draining it
                });
                response.endHandler(end -> complete.run());
            });
        });
        return answer.future();
    }
}
