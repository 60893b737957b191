package io.callwire.notifier.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.callwire.notifier.service.UrlGuard;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where a request actually goes: resolves the URL's host right before the request, checks every
 * address it resolves to with the same {@link UrlGuard} rules and allow-list as at save time, and
 * answers the checked address, to which the request is then made (the URL's host stays in the
 * {@code Host} header and TLS SNI). A host re-pointed to an internal address after it was saved
 * (DNS rebinding) is refused with {@link DestinationRefusedException}, and the client cannot resolve
 * it again to something else between the check and the connection.
 *
 * <p>Resolution blocks, so it runs on a worker thread; its result is kept for {@link #TTL} per host
 * (concurrent requests share one resolution) so that a burst of deliveries does not resolve per request.
 * The guard's check itself is made on every call. Answers Vert.x futures: every delivery asks (see
 * DeliveryRepository on why the delivery path avoids Mutiny).
 */
@ApplicationScoped
public class Destinations {

    /** How long a resolution is reused: short, so a changed DNS record is seen within seconds. */
    static final Duration TTL = Duration.ofSeconds(5);
    /** Bound on the cache: beyond it, expired entries are dropped (all of them if none expired). */
    static final int MAX_HOSTS = 10_000;

    /** Resolves a host name to its addresses (blocking). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Entry(CompletableFuture<List<InetAddress>> addresses, long expiresAtNanos) {
    }

    private final UrlGuard guard;
    private final Vertx vertx;
    private final Resolver resolver;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    @Inject
    public Destinations(UrlGuard guard, Vertx vertx) {
        this(guard, vertx, InetAddress::getAllByName, TTL);
    }

    Destinations(UrlGuard guard, Vertx vertx, Resolver resolver, Duration ttl) {
        this.guard = guard;
        this.vertx = vertx;
        this.resolver = resolver;
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * The checked address (and port) to connect to for {@code url}; fails with
     * {@link DestinationRefusedException} when any address of its host is refused, and with
     * {@link UnknownHostException} when it does not resolve (a connection error, retried as such).
     */
    public Future<SocketAddress> of(String url) {
        String host;
        int port;
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return Future.failedFuture(new UnknownHostException("no host in " + url));
            }
            host = uri.getHost();
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        } catch (URISyntaxException e) {
            return Future.failedFuture(e);
        }
        return of(host, port);
    }

    /** The checked address of {@code host} (a proxy's, or a URL's) with {@code port}; fails like {@link #of(String)}. */
    public Future<SocketAddress> of(String host, int port) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // completed in the caller's context: a resolution shared by several requests completes in the context of
        // the one that started it, and each request is made, and traced, in the context it continues in
        return Future.fromCompletionStage(addresses(name.toLowerCase(Locale.ROOT)), vertx.getDelegate().getOrCreateContext())
                .map(addresses -> {
                    Optional<String> refusal = guard.refusal(host, addresses);
                    if (refusal.isPresent()) {
                        throw new DestinationRefusedException(refusal.get());
                    }
                    return SocketAddress.inetSocketAddress(port, addresses.get(0).getHostAddress());
                });
    }

    private CompletableFuture<List<InetAddress>> addresses(String host) {
        long now = System.nanoTime();
        Entry entry = cache.get(host);
        if (entry != null && now - entry.expiresAtNanos() < 0) {
            return entry.addresses();
        }
        CompletableFuture<List<InetAddress>> fresh = new CompletableFuture<>();
        Entry candidate = new Entry(fresh, now + ttlNanos);
        Entry winner = entry == null ? cache.putIfAbsent(host, candidate)
                : cache.replace(host, entry, candidate) ? null : cache.get(host);
        if (winner != null) {
            // another request started a resolution of this host at the same time: share it
            return winner.addresses();
        }
        if (cache.size() > MAX_HOSTS) {
            cache.values().removeIf(e -> now - e.expiresAtNanos() >= 0);
            if (cache.size() > MAX_HOSTS) {
                cache.clear();
            }
        }
        vertx.getDelegate().executeBlocking(() -> List.of(resolver.resolve(host)), false).onComplete(resolved -> {
            if (resolved.succeeded()) {
                fresh.complete(resolved.result());
            } else {
                fresh.completeExceptionally(resolved.cause());
            }
        });
        return fresh;
    }

    /** A destination that the guard refuses: the attempt fails and is not retried. */
    public static class DestinationRefusedException extends RuntimeException {
        public DestinationRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
