package io.callwire.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookStatus;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.service.UrlGuard;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.Vertx;

/** OAuth tokens fetched from a real token endpoint (a Vert.x server), as the attempts of one endpoint share them. */
class TokenProviderTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    /**
     * Attempts that ask for an endpoint's token while another attempt's fetch is under way share that fetch, and
     * each goes on in its own Vert.x context, not in that of the attempt that started the fetch: the webhook
     * request is made there, and the context carries the attempt's trace (as for a shared host resolution:
     * DestinationsTest.requestsSharingAResolutionGoOnInTheirOwnContext).
     */
    @Test
    void attemptsSharingATokenFetchGoOnInTheirOwnContext() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        CompletableFuture<HttpServerRequest> held = new CompletableFuture<>();
        HttpServer tokenEndpoint = vertx.getDelegate().createHttpServer().requestHandler(request -> {
            int n = tokenRequests.incrementAndGet();
            if (!held.complete(request)) { // the first is answered when the test says so, any other at once
                request.response().putHeader("Content-Type", "application/json")
                        .end("{\"access_token\":\"tok-" + n + "\",\"expires_in\":3600}");
            }
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            NotifierConfig config = config();
            EndpointClients clients = new EndpointClients(vertx);
            TokenProvider tokens = new TokenProvider(config);
            WebhookSender sender = new WebhookSender(vertx, tokens, config,
                    new Destinations(new UrlGuard(List.of("127.0.0.0/8")), vertx), clients);
            Webhook webhook = webhook("http://127.0.0.1:" + tokenEndpoint.actualPort() + "/token");

            int attempts = 3;
            List<Context> callers = new ArrayList<>();
            Context[] continuedIn = new Context[attempts];
            List<String> accessTokens = new CopyOnWriteArrayList<>();
            CountDownLatch asked = new CountDownLatch(attempts);
            CountDownLatch done = new CountDownLatch(attempts);
            for (int i = 0; i < attempts; i++) {
                int attempt = i;
                Context caller = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
                callers.add(caller);
                caller.runOnContext(v -> {
                    EndpointClients.Lease lease = clients.acquire(webhook.id(), webhook.spec());
                    tokens.token(webhook, sender, lease, new AttemptClock(10_000)).onComplete(token -> {
                        continuedIn[attempt] = io.vertx.core.Vertx.currentContext();
                        if (token.succeeded()) {
                            accessTokens.add(token.result().accessToken());
                        }
                        lease.release();
                        done.countDown();
                    });
                    asked.countDown();
                });
                if (i == 0) {
                    held.get(10, TimeUnit.SECONDS); // the first attempt's fetch has reached the token endpoint
                }
            }
            assertThat(asked.await(10, TimeUnit.SECONDS)).as("every attempt has asked for the token").isTrue();
            held.get().response().putHeader("Content-Type", "application/json")
                    .end("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}");

            assertThat(done.await(10, TimeUnit.SECONDS)).as("every attempt has its token").isTrue();
            assertThat(tokenRequests).as("requests to the token endpoint").hasValue(1);
            assertThat(accessTokens).containsExactly("tok-1", "tok-1", "tok-1");
            // for each attempt, the attempt whose context it went on in (contexts print alike)
            assertThat(Arrays.stream(continuedIn).map(callers::indexOf).toList())
                    .as("whose context each attempt went on in").containsExactly(0, 1, 2);
        } finally {
            tokenEndpoint.close();
        }
    }

    private static Webhook webhook(String tokenUrl) {
        WebhookSpec.Auth auth = new WebhookSpec.Auth(WebhookSpec.AuthType.OAUTH2_CLIENT_CREDENTIALS, null, null, null,
                tokenUrl, "client-1", "client-secret", null, null, null);
        WebhookSpec spec = new WebhookSpec("x", "http://127.0.0.1:9/hook", WebhookSpec.Method.POST, List.of("QueueStatus"),
                null, null, auth, null, null, 10_000, 5, null, false, true);
        Instant now = Instant.now();
        return new Webhook(UUID.randomUUID(), UUID.randomUUID(), spec, WebhookStatus.ENABLED,
                new Webhook.Secrets("whsec_test", null, null, null, null, "client-secret", null, null), now, now);
    }

    /** The defaults a token fetch reads (the job's lease bounds its wait for a connection). */
    private static NotifierConfig config() {
        Map<String, Object> delivery = Map.of("lease", Duration.ofMinutes(2), "defaultTokenLifetime", Duration.ofMinutes(15));
        Object deliveryConfig = Proxy.newProxyInstance(NotifierConfig.class.getClassLoader(),
                new Class<?>[] {NotifierConfig.Delivery.class}, (proxy, method, args) -> value(delivery, method.getName()));
        return (NotifierConfig) Proxy.newProxyInstance(NotifierConfig.class.getClassLoader(), new Class<?>[] {NotifierConfig.class},
                (proxy, method, args) -> method.getName().equals("delivery") ? deliveryConfig : value(Map.of(), method.getName()));
    }

    private static Object value(Map<String, Object> values, String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new UnsupportedOperationException(name + " is not set in this test");
        }
        return value;
    }
}
