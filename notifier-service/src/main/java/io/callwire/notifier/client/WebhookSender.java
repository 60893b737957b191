package io.callwire.notifier.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookSpec.AuthType;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.service.Signatures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes the HTTP request of one attempt. Every endpoint has its own client ({@link EndpointClients}),
 * so a slow or dead endpoint only ever waits on its own connections. The attempt has one budget, the
 * endpoint's {@code timeoutMs}, for everything it does (token request, connect, request, whole answer)
 * but the waits for one of its endpoint's pooled connections ({@link AttemptClock}),
 * and keeps at most {@code response-excerpt-length} bytes of the answer ({@link HttpExchange}). Fully
 * asynchronous, on Vert.x futures: every delivery makes a request (see DeliveryRepository on why the
 * delivery path avoids Mutiny).
 */
@ApplicationScoped
public class WebhookSender {

    /** Turns of the endpoint's connections a request may wait for: twice the worker's requests per connection. */
    static final int POOL_WAIT_TURNS = 16;
    /** Time left of a job's lease when its request has ended at the latest (its outcome is written in it). */
    static final long LEASE_MARGIN_MS = 5_000;

    /** Bytes of a token endpoint's answer read at most (a token response is a few hundred bytes). */
    static final int MAX_TOKEN_RESPONSE = 64 * 1024;

    /**
     * What one request produced.
     *
     * @param refused the destination was refused by the address rules (not retried)
     * @param busy    the endpoint's own connection queue was full: no request was made (not an attempt)
     */
    public record Result(Integer status, String responseExcerpt, String retryAfter, String error, boolean timeout,
                         long latencyMs, boolean refused, boolean busy) {

        /** A result whose destination was not refused. */
        public Result(Integer status, String responseExcerpt, String retryAfter, String error, boolean timeout,
                      long latencyMs) {
            this(status, responseExcerpt, retryAfter, error, timeout, latencyMs, false, false);
        }

        public Result(Integer status, String responseExcerpt, String retryAfter, String error, boolean timeout,
                      long latencyMs, boolean refused) {
            this(status, responseExcerpt, retryAfter, error, timeout, latencyMs, refused, false);
        }

        /** A 2xx answer. */
        public boolean success() {
            return status != null && status / 100 == 2;
        }
    }

    /** A request as it goes on the wire (what the preview shows, and what {@link #send} sends). */
    public record OutgoingRequest(String method, String url, Map<String, String> headers, String body) {
    }

    private final Vertx vertx;
    private final TokenProvider tokens;
    private final NotifierConfig config;
    private final Destinations destinations;
    private final EndpointClients clients;

    public WebhookSender(Vertx vertx, TokenProvider tokens, NotifierConfig config, Destinations destinations,
                         EndpointClients clients) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.config = config;
        this.destinations = destinations;
        this.clients = clients;
    }

    /**
     * The request of one attempt: method, URL, the headers Callwire sets (message id, timestamp,
     * signatures with {@code signingSecrets}, user agent, content type), the endpoint's own headers, the
     * {@code authorization} value if any, and the body ({@code null} for GET).
     */
    public OutgoingRequest prepare(WebhookSpec spec, List<String> signingSecrets, UUID messageId, String url, String body,
                                   String authorization, Instant now) {
        boolean get = spec.method() == WebhookSpec.Method.GET;
        String payload = get ? null : body;
        long timestamp = now.getEpochSecond();
        String id = messageId.toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", id);
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", Signatures.header(signingSecrets, id, timestamp, payload == null ? "" : payload));
        headers.put("User-Agent", "Callwire/" + config.version());
        if (spec.headers() != null) {
            headers.putAll(spec.headers());
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (!get) {
            headers.put("Content-Type", "application/json");
        }
        return new OutgoingRequest(get ? "GET" : "POST", url, headers, payload);
    }

    /**
     * Sends one attempt. The message id and the body are those of the message, identical on every
     * attempt; URL, method, headers and credentials are the endpoint's current ones; the timestamp and
     * signatures are made now. An OAuth endpoint that answers 401 gets one more request with a freshly
     * fetched token, within the same attempt and deadline.
     */
    public Future<Result> send(Webhook webhook, UUID messageId, String url, String body) {
        AttemptClock deadline = new AttemptClock(webhook.spec().timeoutMs());
        EndpointClients.Lease lease = clients.acquire(webhook.id(), webhook.spec());
        AuthType authType = webhook.spec().auth() == null ? AuthType.NONE : webhook.spec().auth().type();
        boolean oauth = authType == AuthType.OAUTH2_CLIENT_CREDENTIALS || authType == AuthType.OAUTH2_JWT_BEARER;
        Future<HttpExchange.Answer> first = request(webhook, lease, messageId, url, body, deadline);
        Future<HttpExchange.Answer> withRefresh = !oauth ? first : first.compose(answer -> {
            if (answer.status() != 401) {
                return Future.succeededFuture(answer);
            }
            tokens.invalidate(webhook.id());
            return request(webhook, lease, messageId, url, body, deadline);
        });
        return withRefresh
                .map(answer -> new Result(answer.status(), excerpt(answer.body()), answer.retryAfter(), null, false,
                        deadline.usedMs()))
                .otherwise(failure -> new Result(null, null, null, describe(failure, webhook),
                        isTimeout(failure), deadline.usedMs(), refusal(failure) != null, busy(failure)))
                .andThen(done -> lease.release());
    }

    private Future<HttpExchange.Answer> request(Webhook webhook, EndpointClients.Lease lease, UUID messageId, String url,
                                             String body, AttemptClock deadline) {
        WebhookSpec spec = webhook.spec();
        return authorization(webhook, lease, deadline).compose(auth -> {
            String target = spec.method() == WebhookSpec.Method.SALESFORCE && auth.instanceUrl() != null
                    ? onInstance(url, auth.instanceUrl()) : url;
            OutgoingRequest request = prepare(spec, webhook.secrets().signingSecretsAt(Instant.now()), messageId, target,
                    body, auth.header(), Instant.now());
            return exchange(webhook, lease, HttpMethod.valueOf(request.method()), request.url(), request.headers(),
                    request.body() == null ? null : Buffer.buffer(request.body().getBytes(StandardCharsets.UTF_8)),
                    deadline, config.delivery().responseExcerptLength());
        });
    }

    /**
     * One bounded exchange with the endpoint's server (or its token URL): the destination is checked
     * now — the URL's host, and the proxy's host when there is one — and the request connects to the
     * checked address itself. Through a proxy the proxy resolves the URL's host; Callwire checks what
     * it resolves to itself as well, but cannot pin it.
     */
    Future<HttpExchange.Answer> exchange(Webhook webhook, EndpointClients.Lease lease, HttpMethod method, String url,
                                      Map<String, String> headers, Buffer body, AttemptClock deadline, int maxBody) {
        WebhookSpec.Proxy proxy = webhook.spec().proxy();
        long poolWait = poolWaitMs(webhook.spec());
        Future<io.vertx.core.net.SocketAddress> target = destinations.of(url);
        if (proxy == null) {
            return target.compose(server -> HttpExchange.send(vertx.getDelegate(), lease.http(), method, url, server, null,
                    headers, body, deadline, poolWait, maxBody));
        }
        return target.compose(server -> destinations.of(proxy.host(), proxy.port())).compose(proxyAddress -> {
            ProxyOptions options = new ProxyOptions().setType(ProxyType.valueOf(proxy.type()))
                    .setHost(proxyAddress.host()).setPort(proxyAddress.port());
            if (proxy.username() != null) {
                options.setUsername(proxy.username()).setPassword(proxy.password());
            }
            return HttpExchange.send(vertx.getDelegate(), lease.http(), method, url, null, options, headers, body,
                    deadline, poolWait, maxBody);
        });
    }

    /** The Authorization value (and, for Salesforce, the instance to call). */
    private record Authorization(String header, String instanceUrl) {
    }

    private Future<Authorization> authorization(Webhook webhook, EndpointClients.Lease lease, AttemptClock deadline) {
        WebhookSpec.Auth auth = webhook.spec().auth();
        if (auth == null) {
            return Future.succeededFuture(new Authorization(null, null));
        }
        return switch (auth.type()) {
            case NONE -> Future.succeededFuture(new Authorization(null, null));
            case BASIC -> Future.succeededFuture(new Authorization(basic(auth), null));
            case BEARER -> Future.succeededFuture(new Authorization("Bearer " + auth.token(), null));
            case OAUTH2_CLIENT_CREDENTIALS, OAUTH2_JWT_BEARER -> tokens.token(webhook, this, lease, deadline)
                    .map(token -> new Authorization("Bearer " + token.accessToken(), token.instanceUrl()));
        };
    }

    /** The {@code Basic} value of a BASIC authentication. */
    public static String basic(WebhookSpec.Auth auth) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The URL moved to the Salesforce instance the token response named ({@code instance_url}): its
     * scheme, host and port, the configured path and query.
     */
    static String onInstance(String url, String instanceUrl) {
        try {
            URI configured = new URI(url);
            URI instance = new URI(instanceUrl);
            if (instance.getScheme() == null || instance.getRawAuthority() == null) {
                return url;
            }
            String rest = configured.getRawPath() == null ? "" : configured.getRawPath();
            if (configured.getRawQuery() != null) {
                rest += "?" + configured.getRawQuery();
            }
            return instance.getScheme() + "://" + instance.getRawAuthority() + rest;
        } catch (java.net.URISyntaxException e) {
            return url;
        }
    }

    /** Drops the client and token of a deleted endpoint. */
    public void forget(UUID webhookId) {
        clients.forget(webhookId);
        tokens.invalidate(webhookId);
    }

    /** The kept bytes as text, cut to the excerpt length (a character cut in half at the end is dropped). */
    private String excerpt(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(body.getBytes())).toString();
        } catch (CharacterCodingException e) {
            text = body.toString(StandardCharsets.ISO_8859_1);
        }
        int max = config.delivery().responseExcerptLength();
        if (body.length() >= max && text.endsWith("\uFFFD")) {
            text = text.substring(0, text.length() - 1);
        }
        text = text.length() <= max ? text : text.substring(0, max);
        // PostgreSQL text cannot hold NUL: a receiver answering NUL bytes must not make the outcome unrecordable
        return text.indexOf('\u0000') >= 0 ? text.replace('\u0000', '\uFFFD') : text;
    }

    /**
     * How long a request may wait for a connection of its endpoint's pool, a new connection's connect
     * included. The delivery worker lets at most {@code 8 × maxConnections} requests of one endpoint be
     * under way here, and each one ahead holds its connection for at most its connect and its timeout, so a
     * request that waits {@link #POOL_WAIT_TURNS} such turns is stuck behind something else. It is also
     * kept short enough that the wait, the connect and the timeout end {@link #LEASE_MARGIN_MS} before the
     * job's lease does (another replica, or this one, would claim and send it again meanwhile), but never
     * below the timeout itself. Past it the request is given back unsent (busy, not an attempt) rather than
     * failed as a timeout of the receiver.
     */
    long poolWaitMs(WebhookSpec spec) {
        long turn = Math.min(spec.timeoutMs(), 10_000) + spec.timeoutMs();
        long withinLease = config.delivery().lease().toMillis() - turn - LEASE_MARGIN_MS;
        return Math.min(POOL_WAIT_TURNS * turn, Math.max(spec.timeoutMs(), withinLease));
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static boolean busy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionPoolTooBusyException || t instanceof HttpExchange.PoolWaitException) {
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

    private static String describe(Throwable failure, Webhook webhook) {
        Destinations.DestinationRefusedException refused = refusal(failure);
        if (refused != null) {
            return refused.getMessage();
        }
        if (failure instanceof HttpExchange.DeadlineException) {
            return failure.getMessage();
        }
        String message = failure.getMessage();
        String kind = failure instanceof TokenProvider.TokenException ? "token request failed" : kindOf(failure);
        return message == null ? kind : kind + ": " + (message.length() > 500 ? message.substring(0, 500) : message);
    }

    /**
     * What went wrong, in words: the error is shown to the tenant (deliveries, test-send), where a
     * class name such as Netty's {@code AnnotatedConnectException} said nothing and showed internals.
     */
    private static String kindOf(Throwable failure) {
        if (failure instanceof java.net.ConnectException) {
            return "connection failed";
        }
        if (failure instanceof java.net.UnknownHostException) {
            return "host not found";
        }
        if (failure instanceof javax.net.ssl.SSLException) {
            return "TLS failed";
        }
        if (failure instanceof java.io.IOException || failure instanceof io.vertx.core.VertxException) {
            return "connection error";
        }
        return "request failed";
    }
}
