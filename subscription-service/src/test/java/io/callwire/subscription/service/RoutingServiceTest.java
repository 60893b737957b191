package io.callwire.subscription.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.SubscriptionResult;
import io.callwire.subscription.config.HubConfig;
import io.callwire.subscription.config.RteConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The routing service's answers to two races of the first hub, with the interleaving forced: a
 * revocation handled between the token check and the registration, and a grant removed while a
 * Subscribe was being decided. The database is replaced by a controllable decision (this is a unit
 * test of the service); the event loop is a real Vert.x context.
 */
class RoutingServiceTest {

    private final Vertx vertx = Vertx.vertx();
    private final UUID organization = UUID.randomUUID();
    private final Caller caller = new Caller(UUID.randomUUID().toString(), organization, "agent@callwire.test",
            Set.of(Roles.AGENT), "jti-1", Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600), Optional.empty());

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void closesAConnectionWhoseTokenWasRevokedWhileItWasOpening() {
        Set<String> revokedSubjects = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RoutingService routing = routing(new ScriptedDecisions(), c -> revokedSubjects.contains(c.subject()));
        // the revocation arrives after the token was checked and before the connection registers:
        // the registry records it, the listener finds no connection to close
        revokedSubjects.add(caller.subject());
        routing.revoke(caller.subject(), c -> true);

        RecordingConnection connection = new RecordingConnection(caller, vertx.getOrCreateContext());
        routing.register(connection, null, true);

        assertThat(connection.closes).containsExactly(SubscriberConnection.CloseCause.TOKEN_REVOKED);
    }

    @Test
    void decidesASubscribeAgainWhenTheGrantsChangedWhileItWasDecided() {
        ScriptedDecisions decisions = new ScriptedDecisions();
        RoutingService routing = routing(decisions, c -> false);
        RecordingConnection connection = new RecordingConnection(caller, vertx.getOrCreateContext());
        SubscriberSession session = routing.register(connection, null, true).orElseThrow();
        UUID queue = UUID.randomUUID();
        SubscriptionRequest item = new SubscriptionRequest(queue.toString(), "QueueStatus");

        AtomicReference<SubscriberSession.Subscribed> outcome = new AtomicReference<>();
        connection.context().runOnContext(v -> session.subscribe(List.of(item)).subscribe().with(outcome::set));
        await().atMost(Duration.ofSeconds(5)).until(() -> decisions.calls.get() == 1);
        // the grant that allowed it is removed and re-evaluated before the first decision lands
        routing.reevaluate(organization, List.of());
        decisions.first.complete(List.of(SubscriptionDecision.allow(item, new Subscription(null, false, organization,
                Subscription.ORGANIZATION, organization, "QueueStatus", "Queue", queue, false))));

        await().atMost(Duration.ofSeconds(5)).until(() -> outcome.get() != null);
        assertThat(decisions.calls.get()).isEqualTo(2);
        assertThat(outcome.get().results()).extracting(SubscriptionResult::message).containsExactly(SubscriptionResult.UNAUTHORIZED);
        assertThat(session.active()).isEmpty();
    }

    private RoutingService routing(SubscriptionService decisions, java.util.function.Predicate<Caller> revoked) {
        SubscriberRegistry registry = new SubscriberRegistry();
        RoutingIndex index = new RoutingIndex();
        return new RoutingService(config(), EventCatalog.standard(), decisions, index, registry, revoked,
                new SnapshotStore(hubConfig()), new RteMetrics(new SimpleMeterRegistry(), registry, index),
                ConnectionLedger.NONE);
    }

    /** The first decision waits for the test; later ones refuse (the grant is gone). */
    static final class ScriptedDecisions extends SubscriptionService {
        final CompletableFuture<List<SubscriptionDecision>> first = new CompletableFuture<>();
        final AtomicInteger calls = new AtomicInteger();

        ScriptedDecisions() {
            super(EventCatalog.standard(), null, null);
        }

        @Override
        public Uni<List<SubscriptionDecision>> decide(Caller caller, List<SubscriptionRequest> requests) {
            if (calls.incrementAndGet() == 1) {
                return Uni.createFrom().completionStage(first);
            }
            return Uni.createFrom().item(requests.stream()
                    .map(r -> SubscriptionDecision.reject(r, SubscriptionResult.UNAUTHORIZED)).toList());
        }
    }

    static HubConfig hubConfig() {
        return new HubConfig() {
            public long statefulReconnectBufferBytes() { return 1 << 20; }
            public Duration statefulReconnectWindow() { return Duration.ofSeconds(30); }
            public int snapshotMaxEntries() { return 100; }
            public Duration shutdownDrainTimeout() { return Duration.ofSeconds(1); }
        };
    }

    static RteConfig config() {
        return new RteConfig() {
            public String connectionTokenKey() { return "unit-test-connection-token-key-0123456789"; }
            public Duration connectionTokenTtl() { return Duration.ofMinutes(1); }
            public Duration pingInterval() { return Duration.ofSeconds(15); }
            public Duration handshakeTimeout() { return Duration.ofSeconds(15); }
            public Duration clientTimeout() { return Duration.ofSeconds(60); }
            public int maxMessageSize() { return 65536; }
            public int maxSubscriptionsPerConnection() { return 1000; }
            public int maxConnectionsPerUser() { return 20; }
            public java.time.Duration replicaHeartbeatInterval() { return java.time.Duration.ofSeconds(5); }
            public java.time.Duration replicaExpiry() { return java.time.Duration.ofSeconds(15); }
            public Optional<String> replicaName() { return Optional.empty(); }
            public int writeQueueMaxBytes() { return 1 << 20; }
            public Optional<java.util.List<String>> trustedProxies() { return Optional.empty(); }
            public Duration revocationRetention() { return Duration.ofHours(24); }
            public boolean seedDemo() { return false; }
        };
    }
}
