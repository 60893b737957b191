package io.callwire.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * Tens of thousands of WebSocket clients in this JVM on a few event loops: at most a few hundred
 * handshakes in flight, text frames only, and nothing decoded after the subscription but the publish
 * time of each delivery ({@link Frames#forEachSentAt}).
 */
final class FanOutClients implements AutoCloseable {

    private static final int IN_FLIGHT = 200;

    private final Vertx vertx;
    private final WebSocketProtocol protocol;
    private final DeliveryMeter meter;
    private final WebSocketClient client;
    private final ConcurrentLinkedQueue<WebSocket> open = new ConcurrentLinkedQueue<>();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger closedEarly = new AtomicInteger();
    /** Why connections closed early: the server's Close message error, else the WebSocket close code and reason. */
    final Map<String, AtomicInteger> closeReasons = new ConcurrentHashMap<>();
    private long keepAliveTimer = -1;
    private volatile boolean closing;

    private final int inFlight;

    FanOutClients(Vertx vertx, WebSocketProtocol protocol, DeliveryMeter meter, int connections) {
        this(vertx, protocol, meter, connections, IN_FLIGHT);
    }

    /** With at most {@code inFlight} handshakes and subscriptions under way at once. */
    FanOutClients(Vertx vertx, WebSocketProtocol protocol, DeliveryMeter meter, int connections, int inFlight) {
        this.inFlight = inFlight;
        this.vertx = vertx;
        this.protocol = protocol;
        this.meter = meter;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections + 16)
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22).setConnectTimeout(30_000));
    }

    /** Connects and subscribes every subscriber; returns how many are subscribed. */
    int connect(List<Subscriber> subscribers, long timeoutSeconds) throws InterruptedException {
        // Pings from the first connection on, as a real client sends them: connecting thousands takes
        // longer than the server's client timeout, so clients that waited for the last one to start
        // pinging were closed by the server as silent.
        String keepAlive = protocol.keepAlive();
        if (keepAlive != null && keepAliveTimer < 0) {
            keepAliveTimer = vertx.setPeriodic(10_000, id -> open.forEach(ws -> ws.writeTextMessage(keepAlive)));
        }
        CountDownLatch done = new CountDownLatch(subscribers.size());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger subscribed = new AtomicInteger();
        for (int i = 0; i < Math.min(inFlight, subscribers.size()); i++) {
            connectNext(subscribers, next, subscribed, done);
        }
        if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
            System.out.printf("  only %d of %d connections done within %d s%n", subscribers.size() - done.getCount(),
                    subscribers.size(), timeoutSeconds);
        }
        return subscribed.get();
    }

    private void connectNext(List<Subscriber> subscribers, AtomicInteger next, AtomicInteger subscribed, CountDownLatch done) {
        int index = next.getAndIncrement();
        if (index >= subscribers.size()) {
            return;
        }
        Subscriber subscriber = subscribers.get(index);
        boolean[] settled = {false};
        Runnable settle = () -> {
            if (!settled[0]) {
                settled[0] = true;
                done.countDown();
                connectNext(subscribers, next, subscribed, done);
            }
        };
        client.connect(protocol.connectOptions(subscriber)).onSuccess(ws -> {
            boolean[] ready = {false};
            String[] closeMessage = {null};
            ws.closeHandler(v -> {
                open.remove(ws);
                if (!closing) {
                    closedEarly.incrementAndGet();
                    String reason = closeMessage[0] != null ? closeMessage[0]
                            : "close " + ws.closeStatusCode() + " " + ws.closeReason();
                    closeReasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
                }
                settle.run();
            });
            ws.handler(frame -> {
                if (ready[0]) {
                    if (Frames.forEachSentAt(frame, meter::delivered) == 0) {
                        String close = Frames.closeError(frame);
                        if (close != null) {
                            closeMessage[0] = close;
                        }
                    }
                    return;
                }
                switch (protocol.beforeSubscribed(frame)) {
                    case SUBSCRIBED -> {
                        ready[0] = true;
                        subscribed.incrementAndGet();
                        settle.run();
                    }
                    case REJECTED -> {
                        rejected.incrementAndGet();
                        settle.run();
                    }
                    case SEND_NEXT -> ws.writeTextMessage(protocol.next(subscriber));
                    case NONE -> {
                    }
                }
            });
            ws.writeTextMessage(protocol.opening(subscriber));
            open.add(ws); // after the opening: the keep-alive may not go first
        }).onFailure(e -> {
            if (failed.incrementAndGet() <= 3) {
                System.out.println("  connect failed: " + e.getMessage());
            }
            vertx.runOnContext(v -> settle.run());
        });
    }

    int openConnections() {
        return open.size();
    }

    @Override
    public void close() {
        closing = true;
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
        }
        open.forEach(WebSocket::close);
        try {
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
