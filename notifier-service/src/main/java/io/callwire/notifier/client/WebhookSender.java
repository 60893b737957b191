package io.callwire.notifier.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookSpec.AuthType;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.service.Signatures;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Makes the HTTP request of one attempt. Every endpoint has its own Vert.x {@link WebClient} (its
 * own connection pool of {@code maxConnections}, its timeout and proxy, redirects not followed), so a
 * slow or dead endpoint only ever waits on its own connections. Fully asynchronous.
 */
@ApplicationScoped
public class WebhookSender {

    /** What one request produced. */
    public record Result(Integer status, String responseExcerpt, String retryAfter, String error, boolean timeout,
                         long latencyMs, boolean refused) {

        /** A result whose destination was not refused. */
        public Result(Integer status, String responseExcerpt, String retryAfter, String error, boolean timeout,
                      long latencyMs) {
            this(status, responseExcerpt, retryAfter, error, timeout, latencyMs, false);
        }

        /** A 2xx answer. */
        public boolean success() {
            return status != null && status / 100 == 2;
        }
    }

    private record Client(WebClient client, Instant version) {
    }

    private final Vertx vertx;
    private final TokenProvider tokens;
    private final NotifierConfig config;
    private final Destinations destinations;
    private final Map<UUID, Client> clients = new ConcurrentHashMap<>();

    public WebhookSender(Vertx vertx, TokenProvider tokens, NotifierConfig config, Destinations destinations) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.config = config;
        this.destinations = destinations;
    }

    void close(@Observes ShutdownEvent event) {
        clients.values().forEach(c -> c.client().close());
    }

    /**
     * Sends one attempt. The message id, the URL and the body are those of the message, identical on
     * every attempt; the timestamp and signatures are made now. An OAuth endpoint that answers 401
     * gets one more request with a freshly fetched token, within the same attempt.
     */
    public Uni<Result> send(Webhook webhook, UUID messageId, String url, String body) {
        long started = System.nanoTime();
        WebClient client = clientFor(webhook);
        AuthType authType = webhook.spec().auth() == null ? AuthType.NONE : webhook.spec().auth().type();
        boolean oauth = authType == AuthType.OAUTH2_CLIENT_CREDENTIALS || authType == AuthType.OAUTH2_JWT_BEARER;
        Uni<HttpResponse<Buffer>> first = request(webhook, client, messageId, url, body);
        Uni<HttpResponse<Buffer>> withRefresh = !oauth ? first : first.chain(response -> {
            if (response.statusCode() != 401) {
                return Uni.createFrom().item(response);
            }
            tokens.invalidate(webhook.id());
            return request(webhook, client, messageId, url, body);
        });
        return withRefresh
                .map(response -> new Result(response.statusCode(), excerpt(response), response.getHeader("Retry-After"),
                        null, false, elapsed(started)))
                .onFailure().recoverWithItem(failure -> new Result(null, null, null, describe(failure),
                        isTimeout(failure), elapsed(started), refusal(failure) != null));
    }

    private Uni<HttpResponse<Buffer>> request(Webhook webhook, WebClient client, UUID messageId, String url, String body) {
        WebhookSpec spec = webhook.spec();
        boolean get = spec.method() == WebhookSpec.Method.GET;
        return authorization(webhook, client).chain(authorization ->
                to(webhook, client, get ? HttpMethod.GET : HttpMethod.POST, url).chain(target -> {
            HttpRequest<Buffer> request = target
                    .timeout(spec.timeoutMs())
                    .followRedirects(false);
            Instant now = Instant.now();
            long timestamp = now.getEpochSecond();
            String id = messageId.toString();
            request.putHeader("ETag", id)
                    .putHeader("webhook-id", id)
                    .putHeader("webhook-timestamp", Long.toString(timestamp))
                    .putHeader("webhook-signature", Signatures.header(webhook.secrets().signingSecretsAt(now), id, timestamp, body))
                    .putHeader("User-Agent", "Callwire/" + config.version());
            if (spec.headers() != null) {
                spec.headers().forEach(request::putHeader);
            }
            if (authorization != null) {
                request.putHeader("Authorization", authorization);
            }
            if (get) {
                return request.send();
            }
            request.putHeader("Content-Type", "application/json");
            return request.sendBuffer(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
        }));
    }

    /**
     * A request to {@code url}, connected to the address {@link Destinations} checked right now (the
     * URL's host stays in the Host header and SNI). Through a proxy the proxy resolves the host, so
     * only the save-time check applies.
     */
    Uni<HttpRequest<Buffer>> to(Webhook webhook, WebClient client, HttpMethod method, String url) {
        if (webhook.spec().proxy() != null) {
            return Uni.createFrom().item(client.requestAbs(method, url));
        }
        return destinations.of(url).map(address -> client.requestAbs(method, address, url));
    }

    private Uni<String> authorization(Webhook webhook, WebClient client) {
        WebhookSpec.Auth auth = webhook.spec().auth();
        if (auth == null) {
            return Uni.createFrom().nullItem();
        }
        return switch (auth.type()) {
            case NONE -> Uni.createFrom().nullItem();
            case BASIC -> Uni.createFrom().item("Basic " + Base64.getEncoder().encodeToString(
                    (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8)));
            case BEARER -> Uni.createFrom().item("Bearer " + auth.token());
            case OAUTH2_CLIENT_CREDENTIALS, OAUTH2_JWT_BEARER -> tokens.token(webhook, client, this).map(token -> "Bearer " + token);
        };
    }

    /** The endpoint's client, made anew when its configuration changed. */
    private WebClient clientFor(Webhook webhook) {
        Client current = clients.get(webhook.id());
        if (current != null && current.version().equals(webhook.updatedAt())) {
            return current.client();
        }
        WebhookSpec spec = webhook.spec();
        WebClientOptions options = new WebClientOptions()
                .setFollowRedirects(false)
                .setMaxPoolSize(spec.maxConnections())
                .setMaxWaitQueueSize(spec.maxConnections() * 64)
                .setConnectTimeout(Math.min(spec.timeoutMs(), 10_000))
                .setIdleTimeout(60)
                .setKeepAlive(true)
                .setUserAgentEnabled(false)
                .setTryUseCompression(false)
                .setVerifyHost(true);
        if (spec.proxy() != null) {
            ProxyOptions proxy = new ProxyOptions().setType(ProxyType.valueOf(spec.proxy().type()))
                    .setHost(spec.proxy().host()).setPort(spec.proxy().port());
            if (spec.proxy().username() != null) {
                proxy.setUsername(spec.proxy().username()).setPassword(spec.proxy().password());
            }
            options.setProxyOptions(proxy);
        }
        Client fresh = new Client(WebClient.create(vertx, options), webhook.updatedAt());
        Client previous = clients.put(webhook.id(), fresh);
        if (previous != null) {
            previous.client().close();
        }
        return fresh.client();
    }

    /** Drops the client of a deleted endpoint. */
    public void forget(UUID webhookId) {
        Client previous = clients.remove(webhookId);
        if (previous != null) {
            previous.client().close();
        }
        tokens.invalidate(webhookId);
    }

    private String excerpt(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return null;
        }
        String text = body.toString(StandardCharsets.UTF_8);
        int max = config.delivery().responseExcerptLength();
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static Destinations.DestinationRefusedException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Destinations.DestinationRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        Destinations.DestinationRefusedException refused = refusal(failure);
        if (refused != null) {
            return refused.getMessage();
        }
        String message = failure.getMessage();
        String kind = failure instanceof TokenProvider.TokenException ? "token request failed" : failure.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + (message.length() > 500 ? message.substring(0, 500) : message);
    }
}
