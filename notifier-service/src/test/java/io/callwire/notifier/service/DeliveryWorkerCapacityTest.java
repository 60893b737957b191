package io.callwire.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.DeliveryRepository.Job;
import io.callwire.notifier.repository.DeliveryRepository.NewJob;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mutiny.core.Vertx;

/**
 * The worker's bound on requests in flight ({@code max-in-flight}) holds while a claim query is under
 * way and fresh jobs are handed over from ingestion at the same time. Unit test: the database and the
 * HTTP requests are stand-ins that this test completes (or never completes) itself.
 */
class DeliveryWorkerCapacityTest {

    static final int MAX_IN_FLIGHT = 20;

    private final Vertx vertx = Vertx.vertx();
    private final CompletableFuture<List<Job>> claimed = new CompletableFuture<>();
    private final AtomicInteger requestsStarted = new AtomicInteger();
    private final List<Integer> claimLimits = new ArrayList<>();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void jobsHandedOverWhileAClaimRunsNeverTakeRequestsPastMaxInFlight() {
        DeliveryWorker worker = worker();
        worker.start(null);
        worker.wakeUp(); // the poll: a claim for what is free now, answered later
        assertThat(claimLimits).containsExactly(MAX_IN_FLIGHT);

        // meanwhile ingestion writes fresh jobs and hands over those it has a place for
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            UUID webhook = UUID.randomUUID();
            if (worker.reserve(webhook)) {
                worker.handOff(new NewJob(UUID.randomUUID(), UUID.randomUUID(), webhook, UUID.randomUUID(), UUID.randomUUID(),
                        "QueueStatus", UUID.randomUUID(), false, null, "http://127.0.0.1/hook", "{}", null, null));
            }
        }
        // the claim comes back with what was due when it started
        List<Job> due = new ArrayList<>();
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            due.add(new Job(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    "QueueStatus", UUID.randomUUID(), null, "http://127.0.0.1/hook", "{}", null, 0, 0, UUID.randomUUID(), false, null));
        }
        claimed.complete(due);

        // each attempt starts in a task of its own context: wait until every job given a place has started
        await().atMost(Duration.ofSeconds(10)).until(() -> requestsStarted.get() == worker.inFlight());
        assertThat(requestsStarted.get()).as("requests under way at once").isLessThanOrEqualTo(MAX_IN_FLIGHT);
        assertThat(worker.inFlight()).as("requests counted in flight").isLessThanOrEqualTo(MAX_IN_FLIGHT);
    }

    @Test
    void placesHeldForAClaimThatFoundLessAreFreedAgain() {
        DeliveryWorker worker = worker();
        worker.start(null);
        worker.wakeUp();
        claimed.complete(List.of()); // nothing was due
        assertThat(worker.inFlight()).isZero();
        assertThat(worker.reserve(UUID.randomUUID())).as("a fresh job has a place again").isTrue();
    }

    private DeliveryWorker worker() {
        NotifierConfig config = config();
        DeliveryRepository repository = new DeliveryRepository(null) {
            @Override
            public Future<List<Job>> claim(int limit, List<UUID> excludedWebhooks, UUID[] busyWebhooks, Integer[] busyCounts,
                                           UUID[] probeWebhooks, int perConnection, long leaseMillis) {
                claimLimits.add(limit);
                return Future.fromCompletionStage(claimed);
            }
        };
        EndpointIndex index = new EndpointIndex(null, null, config, vertx, null) {
            @Override
            public io.callwire.notifier.Webhook cached(UUID id) {
                return null; // one connection: a share of 8 requests per endpoint, and every job here has its own endpoint
            }
        };
        AttemptSender attempts = new AttemptSender(index, null, null, null, null, config, null) {
            @Override
            public Outcome expiredOutcome(Job job) {
                return null;
            }

            @Override
            public Future<Outcome> attempt(Job job) {
                requestsStarted.incrementAndGet();
                return Promise.<Outcome>promise().future(); // the endpoint has not answered yet
            }
        };
        OutcomeRecorder recorder = new OutcomeRecorder(repository, null, null, config, vertx);
        EndpointBreaker breaker = new EndpointBreaker(EndpointBreakerTest.config(5, Duration.ofSeconds(1), Duration.ofSeconds(60)),
                java.time.Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        return new DeliveryWorker(repository, index, attempts, recorder, breaker, config, vertx);
    }

    /** The defaults, with a small {@code max-in-flight} and a poll that never fires during the test. */
    private static NotifierConfig config() {
        Map<String, Object> delivery = Map.of("maxInFlight", MAX_IN_FLIGHT, "claimBatchSize", 200,
                "pollInterval", Duration.ofHours(1), "lease", Duration.ofMinutes(2), "recordLinger", Duration.ofMillis(20));
        Object deliveryConfig = Proxy.newProxyInstance(NotifierConfig.class.getClassLoader(),
                new Class<?>[] {NotifierConfig.Delivery.class}, (proxy, method, args) -> value(delivery, method.getName()));
        return (NotifierConfig) Proxy.newProxyInstance(NotifierConfig.class.getClassLoader(), new Class<?>[] {NotifierConfig.class},
                (proxy, method, args) -> method.getName().equals("delivery") ? deliveryConfig
                        : value(Map.of("indexRefreshInterval", Duration.ofHours(1)), method.getName()));
    }

    private static Object value(Map<String, Object> values, String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new UnsupportedOperationException(name + " is not set in this test");
        }
        return value;
    }
}
