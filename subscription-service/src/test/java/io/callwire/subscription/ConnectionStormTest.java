package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A connection storm, as after a deploy or a replica restart when every client reconnects at once:
 * {@value #CLIENTS} agents (each its own user, each allowed a queue by a role grant) open {@code /rte}
 * and send their {@code Subscribe} all at the same moment. Every one must be admitted, every
 * {@code Subscribe} must succeed (a Microsoft SignalR client surfaces a Completion error to the
 * application; nothing retries it), and every client must then receive the queue's event.
 */
@QuarkusTest
class ConnectionStormTest {

    /** Enough to fail reliably on a 2-core machine before the fix, few enough to stay well under a minute. */
    static final int CLIENTS = Integer.getInteger("callwire.storm.clients", 1000);

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyClientOfAStormIsAdmittedSubscribedAndReceivesTheEvent() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        Api.grant(organization, "ROLE", Roles.AGENT, "Queue", queue, "QueueStatus");
        List<String> tokens = new ArrayList<>(CLIENTS);
        List<UUID> users = new ArrayList<>(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            UUID user = UUID.randomUUID();
            users.add(user);
            tokens.add(TestTokens.user(organization, user, Roles.AGENT).sign());
        }

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(CLIENTS + 16)
                .setConnectTimeout(60_000));
        Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> subscribeErrors = new ConcurrentHashMap<>();
        AtomicInteger subscribed = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger settled = new AtomicInteger();
        List<WebSocket> open = java.util.Collections.synchronizedList(new ArrayList<>());
        String event = null;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                UUID user = users.get(i);
                String subscribe = "{\"protocol\":\"json\",\"version\":1}\u001e"
                        + "{\"type\":1,\"invocationId\":\"s\",\"target\":\"Subscribe\",\"arguments\":[["
                        + "{\"EntityId\":\"" + user + "\",\"EventName\":\"UserStatus\"},"
                        + "{\"EntityId\":\"" + queue + "\",\"EventName\":\"QueueStatus\"}]]}\u001e";
                WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                        .setURI("/rte?snapshot=false").addHeader("Authorization", "Bearer " + tokens.get(i));
                client.connect(options).onSuccess(ws -> {
                    open.add(ws);
                    boolean[] done = {false};
                    ws.textMessageHandler(text -> {
                        for (String record : text.split("\u001e")) {
                            if (!done[0] && record.startsWith("{\"type\":7")) {
                                done[0] = true;
                                settled.incrementAndGet();
                                subscribeErrors.computeIfAbsent("closed by the service: " + record, k -> new AtomicInteger())
                                        .incrementAndGet();
                            } else if (!done[0] && record.contains("\"invocationId\":\"s\"")) {
                                done[0] = true;
                                settled.incrementAndGet();
                                if (record.contains("\"error\"")) {
                                    subscribeErrors.computeIfAbsent(record, k -> new AtomicInteger()).incrementAndGet();
                                } else if (record.contains("\"subscribed\":false")) {
                                    subscribeErrors.computeIfAbsent(record.replace(user.toString(), "<user>"),
                                            k -> new AtomicInteger()).incrementAndGet();
                                } else {
                                    subscribed.incrementAndGet();
                                }
                            } else if (record.contains("\"MessageReceived\"") && record.contains("QueueStatus")) {
                                received.incrementAndGet();
                            }
                        }
                    });
                    ws.closeHandler(v -> {
                        if (!done[0]) {
                            done[0] = true;
                            settled.incrementAndGet();
                            subscribeErrors.computeIfAbsent("closed before the Subscribe completed: " + ws.closeStatusCode()
                                            + " " + ws.closeReason(),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                    });
                    ws.writeTextMessage(subscribe);
                }).onFailure(failure -> {
                    settled.incrementAndGet();
                    refusals.computeIfAbsent(String.valueOf(failure.getMessage()), k -> new AtomicInteger()).incrementAndGet();
                });
            }
            Awaitility.await("every client admitted and its Subscribe completed").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).until(() -> settled.get() == CLIENTS);
            System.out.printf("storm of %d clients settled in %d ms: %d subscribed, refused %s, Subscribe errors %s%n", CLIENTS,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), subscribed.get(), refusals, subscribeErrors);
            assertThat(refusals).as("upgrades refused").isEmpty();
            assertThat(subscribeErrors).as("Subscribe completions that were not a success").isEmpty();
            assertThat(subscribed.get()).isEqualTo(CLIENTS);

            Events.Event queueEvent = Events.queueStatus(organization, queue, 7);
            event = queueEvent.id().toString();
            Events.publish(queueEvent);
            Awaitility.await("every client received the queue's event").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> received.get() >= CLIENTS);
            assertThat(received.get()).isEqualTo(CLIENTS);
        } finally {
            System.out.printf("storm: %d of %d clients received event %s%n", received.get(), CLIENTS, event);
            open.forEach(ws -> ws.close());
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
