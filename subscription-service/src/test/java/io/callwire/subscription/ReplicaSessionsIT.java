package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Events;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.PackagedService;
import io.callwire.testing.TestTokens;
import io.reactivex.rxjava3.core.Single;

/**
 * Two packaged replicas of the service on one database and one broker, as a deployment runs them:
 * the sessions view of either lists the connections of both, the per-user connection limit holds
 * across them (refused with 429 before the upgrade), the Microsoft SignalR Java client receives
 * its events on either, and a killed replica's sessions leave the view within its heartbeat expiry.
 */
class ReplicaSessionsIT {

    private static final int LIMIT = 3;
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration EXPIRY = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Replica a;
    private static Replica b;

    @BeforeAll
    static void startTwoReplicas() {
        a = Replica.start("replica-a");
        b = Replica.start("replica-b");
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stopReplicas() {
        if (a != null) {
            a.kill();
        }
        if (b != null) {
            b.kill();
        }
    }

    @Test
    void eitherReplicaListsTheSessionsOfBoth() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        List<HubConnection> open = new ArrayList<>();
        try {
            open.add(subscribedToOwnStatus(a, organization, alice, new LinkedBlockingQueue<>()));
            open.add(subscribedToOwnStatus(b, organization, bob, new LinkedBlockingQueue<>()));
            for (Replica asked : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode page = asked.sessions(organization);
                    assertThat(page.path("total").asLong()).as("total from %s", asked.name).isEqualTo(2);
                    assertThat(replicasBySubject(page)).as("sessions listed by %s", asked.name)
                            .containsEntry(alice.toString(), "replica-a").containsEntry(bob.toString(), "replica-b");
                    page.path("items").forEach(item -> assertThat(item.path("subscriptions").path(0).path("eventType").asText())
                            .isEqualTo("UserStatus"));
                });
            }
            // another organization sees none of them
            assertThat(a.sessions(UUID.randomUUID()).path("total").asLong()).isZero();
        } finally {
            open.forEach(c -> c.stop().blockingAwait(10, TimeUnit.SECONDS));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(b.sessions(organization).path("total").asLong()).isZero());
    }

    @Test
    void aSignalRClientOnEitherReplicaReceivesTheEventsItSubscribedTo() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        BlockingQueue<Map<?, ?>> onA = new LinkedBlockingQueue<>();
        BlockingQueue<Map<?, ?>> onB = new LinkedBlockingQueue<>();
        HubConnection first = subscribedToOwnStatus(a, organization, user, onA);
        HubConnection second = subscribedToOwnStatus(b, organization, user, onB);
        try {
            for (int n = 0; n < 5; n++) {
                Events.publish(Events.userStatus(organization, user, n % 2 == 0));
            }
            for (BlockingQueue<Map<?, ?>> received : List.of(onA, onB)) {
                for (int n = 0; n < 5; n++) {
                    Map<?, ?> message = received.poll(10, TimeUnit.SECONDS);
                    assertThat(message).as("event %d", n).isNotNull();
                    Map<?, ?> data = (Map<?, ?>) message.get("data");
                    assertThat(data.get("userId")).isEqualTo(user.toString());
                    assertThat(data.get("available")).isEqualTo(n % 2 == 0);
                }
            }
            assertThat(onA.poll(300, TimeUnit.MILLISECONDS)).as("no event twice").isNull();
        } finally {
            first.stop().blockingAwait(10, TimeUnit.SECONDS);
            second.stop().blockingAwait(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePerUserLimitHoldsAcrossReplicas() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(organization, user, Roles.AGENT).sign();
        List<HubConnection> open = new ArrayList<>();
        try {
            open.add(connected(a, token));
            open.add(connected(a, token));
            open.add(connected(b, token));
            // the fourth is refused before the upgrade, on either replica, with the problem document
            for (Replica asked : List.of(b, a)) {
                WebSocketHandshakeException refused = refusedUpgrade(asked, token);
                assertThat(refused.getResponse().statusCode()).as("upgrade on %s", asked.name).isEqualTo(429);
                assertThat(refused.getResponse().headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(String.valueOf(refused.getResponse().body())).contains("maximum of connections");
            }
            // a place freed on one replica can be taken on the other
            open.remove(0).stop().blockingAwait(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> open.add(connected(b, token)));
            assertThat(refusedUpgrade(a, token).getResponse().statusCode()).isEqualTo(429);
        } finally {
            open.forEach(c -> c.stop().blockingAwait(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aKilledReplicasSessionsDisappearWithinTheHeartbeatExpiry() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(organization, user, Roles.AGENT).sign();
        Replica doomed = Replica.start("replica-doomed");
        try {
            doomed.awaitReady();
            for (int n = 0; n < LIMIT; n++) {
                connected(doomed, token); // never stopped: the replica dies under them
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(a.sessions(organization).path("total").asLong()).isEqualTo(LIMIT));
            assertThat(refusedUpgrade(a, token).getResponse().statusCode()).isEqualTo(429);

            doomed.kill();
            long killedAt = System.nanoTime();
            await().atMost(EXPIRY.plus(HEARTBEAT).plusSeconds(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(a.sessions(organization).path("total").asLong()).isZero());
            Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(gone).isLessThanOrEqualTo(EXPIRY.plus(HEARTBEAT).plusSeconds(2));
            // and they no longer count against the user's limit
            HubConnection again = connected(b, token);
            again.stop().blockingAwait(10, TimeUnit.SECONDS);
        } finally {
            doomed.kill();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, String> replicasBySubject(JsonNode page) {
        Map<String, String> result = new java.util.HashMap<>();
        page.path("items").forEach(item -> result.put(item.path("subject").asText(), item.path("replica").asText()));
        return result;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static HubConnection subscribedToOwnStatus(Replica replica, UUID organization, UUID user,
                                                       BlockingQueue<Map<?, ?>> received) {
        HubConnection connection = HubConnectionBuilder.create(replica.url("/rte"))
                .withAccessTokenProvider(Single.just(TestTokens.user(organization, user, Roles.AGENT).sign())).build();
        connection.on("MessageReceived", message -> received.add((Map<?, ?>) message), Map.class);
        connection.start().blockingAwait(10, TimeUnit.SECONDS);
        List<Map> results = connection.invoke(List.class, "Subscribe",
                List.of(Map.of("EntityId", user.toString(), "EventName", "UserStatus"))).blockingGet();
        assertThat(results.get(0)).containsEntry("subscribed", true);
        return connection;
    }

    private static HubConnection connected(Replica replica, String token) {
        HubConnection connection = HubConnectionBuilder.create(replica.url("/rte"))
                .withAccessTokenProvider(Single.just(token)).build();
        connection.start().blockingAwait(10, TimeUnit.SECONDS);
        return connection;
    }

    /** A WebSocket upgrade of {@code /rte} (negotiation skipped) that the replica must refuse. */
    private static WebSocketHandshakeException refusedUpgrade(Replica replica, String token) {
        URI uri = URI.create(replica.url("/rte").replace("http:", "ws:") + "?access_token=" + token);
        try {
            WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { }).join();
            socket.abort();
            throw new AssertionError("the upgrade on " + replica.name + " was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused;
            }
            throw e;
        }
    }

    /** One packaged replica (test-fixtures' launcher), on the shared embedded PostgreSQL, broker and JWKS. */
    private static final class Replica {
        final String name;
        final PackagedService service;

        private Replica(String name, PackagedService service) {
            this.name = name;
            this.service = service;
        }

        static Replica start(String name) {
            PackagedService service = PackagedService.of("subscription-service").name(name)
                    .properties(PackagedService.infrastructure("postgres"))
                    .property("callwire.rte.connection-token-key", "replica-test-only-connection-token-key-0001")
                    .properties(AuthServiceStandIn.properties())
                    .property("callwire.rte.max-connections-per-user", String.valueOf(LIMIT))
                    .property("callwire.rte.replica-name", name)
                    .property("callwire.rte.replica-heartbeat-interval", HEARTBEAT.toString())
                    .property("callwire.rte.replica-expiry", EXPIRY.toString())
                    .jvmOptions("-Xmx256m")
                    .readyTimeout(Duration.ofSeconds(120))
                    .build();
            service.startProcess();
            return new Replica(name, service);
        }

        String url(String path) {
            return service.url() + path;
        }

        void awaitReady() {
            service.awaitReady();
        }

        JsonNode sessions(UUID organization) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/sessions")))
                    .header("Authorization", "Bearer " + TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("sessions from %s: %s", name, response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }

        /** SIGKILL: nothing of the replica runs after it, as when a node dies. */
        void kill() {
            service.kill();
        }
    }
}
