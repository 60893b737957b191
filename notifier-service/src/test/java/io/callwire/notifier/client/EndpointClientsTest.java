package io.callwire.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callwire.notifier.WebhookSpec;
import io.vertx.mutiny.core.Vertx;

/** The per-endpoint clients' lifecycle: never closed under a request, never built twice for one change. */
class EndpointClientsTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    static WebhookSpec spec(int maxConnections, String url) {
        return new WebhookSpec("x", url, WebhookSpec.Method.POST, List.of("QueueStatus"), null, null, null, null, null,
                10_000, maxConnections, null, false, true);
    }

    @Test
    void aChangeThatDoesNotTouchTheConnectionKeepsTheClient() {
        EndpointClients clients = new EndpointClients(vertx);
        UUID id = UUID.randomUUID();
        EndpointClients.Lease first = clients.acquire(id, spec(5, "https://a.example/hook"));
        first.release();
        // a new URL, headers or a rotated secret: same pool settings, same client and open connections
        EndpointClients.Lease second = clients.acquire(id, spec(5, "https://b.example/other"));
        assertThat(second).isSameAs(first);
        second.release();
        assertThat(first.closed()).isFalse();
    }

    @Test
    void aReplacedClientIsClosedOnlyAfterItsLastRequest() {
        EndpointClients clients = new EndpointClients(vertx);
        UUID id = UUID.randomUUID();
        EndpointClients.Lease inFlight = clients.acquire(id, spec(5, "https://a.example/hook"));
        EndpointClients.Lease resized = clients.acquire(id, spec(20, "https://a.example/hook"));
        assertThat(resized).isNotSameAs(inFlight);
        assertThat(inFlight.closed()).as("still serving a request").isFalse();
        inFlight.release();
        assertThat(inFlight.closed()).isTrue();
        assertThat(resized.closed()).isFalse();
        clients.forget(id);
        assertThat(resized.closed()).as("its request still runs").isFalse();
        resized.release();
        assertThat(resized.closed()).isTrue();
    }

    @Test
    void concurrentCallersThatSeeTheSameChangeShareOneNewClient() throws Exception {
        EndpointClients clients = new EndpointClients(vertx);
        UUID id = UUID.randomUUID();
        clients.acquire(id, spec(5, "https://a.example/hook")).release();
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        Set<EndpointClients.Lease> seen = ConcurrentHashMap.newKeySet();
        List<EndpointClients.Lease> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < callers; i++) {
            pool.submit(() -> {
                go.await();
                EndpointClients.Lease lease = clients.acquire(id, spec(7, "https://a.example/hook"));
                seen.add(lease);
                held.add(lease);
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(1);
        assertThat(held).allSatisfy(lease -> assertThat(lease.closed()).isFalse());
        held.forEach(EndpointClients.Lease::release);
        assertThat(clients.current(id).closed()).isFalse();
    }
}
