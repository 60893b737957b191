package io.callwire.notifier.client;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.callwire.notifier.WebhookSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * One HTTP client per endpoint (its own pool of {@code maxConnections}, its connect timeout; proxies
 * are set per request), kept while the settings it was built from stay the same.
 *
 * <p>A client is counted: the map holds one reference and every request in flight one more. A client
 * replaced after a change of settings (or dropped when its endpoint is deleted) is closed when its last
 * request has finished, never under one; and two callers that see a change at once get the same new
 * client ({@link ConcurrentHashMap#compute}), so neither closes the other's. Changes that do not touch the
 * connection (a rotated secret, new headers, a new URL) keep the client and its open connections.
 */
@ApplicationScoped
public class EndpointClients {

    /** Requests that may wait for a connection of one endpoint, per pooled connection. */
    static final int WAIT_QUEUE_PER_CONNECTION = 64;

    /** The settings a client is built from. */
    record Settings(int maxConnections, int connectTimeoutMs) {

        static Settings of(WebhookSpec spec) {
            return new Settings(spec.maxConnections(), Math.min(spec.timeoutMs(), 10_000));
        }
    }

    /** A counted client: {@link #release} after every {@link EndpointClients#acquire}. */
    public static final class Lease {
        private final Settings settings;
        private final HttpClient http;
        /** 1 for the map's reference plus one per request; 0 = closed. */
        private final AtomicInteger users = new AtomicInteger(1);

        Lease(Settings settings, HttpClient http) {
            this.settings = settings;
            this.http = http;
        }

        /** The client (valid until {@link #release}). */
        public HttpClient http() {
            return http;
        }

        boolean retain() {
            for (;;) {
                int n = users.get();
                if (n == 0) {
                    return false;
                }
                if (users.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** Gives the reference back; the last one closes the client. */
        public void release() {
            if (users.decrementAndGet() == 0) {
                http.close();
            }
        }

        /** Whether the client has been closed (tests). */
        boolean closed() {
            return users.get() == 0;
        }
    }

    private final Vertx vertx;
    private final Map<UUID, Lease> clients = new ConcurrentHashMap<>();

    public EndpointClients(Vertx vertx) {
        this.vertx = vertx;
    }

    /** After the delivery worker has let the requests in flight finish (its shutdown observer runs first). */
    void close(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent event) {
        clients.keySet().forEach(this::forget);
    }

    /** The endpoint's client, counted for one request: call {@link Lease#release} when it is done. */
    public Lease acquire(UUID webhookId, WebhookSpec spec) {
        Settings settings = Settings.of(spec);
        for (;;) {
            Lease[] replaced = new Lease[1];
            Lease current = clients.compute(webhookId, (id, existing) -> {
                if (existing != null && existing.settings.equals(settings)) {
                    return existing;
                }
                replaced[0] = existing;
                return new Lease(settings, create(settings));
            });
            if (replaced[0] != null) {
                replaced[0].release(); // the map's reference: closed once its requests are done
            }
            if (current.retain()) {
                return current;
            }
            // it was retired and closed between compute and retain: look again
            clients.remove(webhookId, current);
        }
    }

    /** Drops the client of a deleted endpoint (closed once its requests are done). */
    public void forget(UUID webhookId) {
        Lease previous = clients.remove(webhookId);
        if (previous != null) {
            previous.release();
        }
    }

    /** The client the endpoint has now, uncounted (tests). */
    Lease current(UUID webhookId) {
        return clients.get(webhookId);
    }

    private HttpClient create(Settings settings) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout(settings.connectTimeoutMs())
                .setIdleTimeout(60)
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setVerifyHost(true);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.maxConnections())
                .setMaxWaitQueueSize(settings.maxConnections() * WAIT_QUEUE_PER_CONNECTION);
        return vertx.getDelegate().createHttpClient(options, pool);
    }

    @Override
    public String toString() {
        return "EndpointClients" + Objects.toString(clients.keySet());
    }
}
