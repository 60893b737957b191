package io.callwire.notifier.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.callwire.notifier.DeliveryStatus;
import io.callwire.notifier.WebhookStatus;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.callwire.notifier.repository.WebhookRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Endpoint health from recorded attempts: {@code 410 Gone} disables an endpoint, a failure streak
 * longer than {@code auto-disable-after} auto-disables it, a success ends the streak.
 *
 * <p>The streak in the database ({@code failing_since}, shared by the replicas) is written only when
 * this replica sees an endpoint start or stop failing, and otherwise at most once per
 * {@link #rewriteInterval()} (to notice a streak past {@code auto-disable-after}, and to end one that
 * another replica started while this one succeeds) — not by one statement per batch of outcomes, which
 * cost an {@code UPDATE} of the endpoints of every batch (every 20 ms under load) even when every
 * delivery succeeded.
 */
@ApplicationScoped
public class EndpointHealth {

    /** Longest time between two writes of one endpoint's streak by this replica while its state stays the same. */
    static final Duration MAX_REWRITE_INTERVAL = Duration.ofMinutes(1);

    /** What this replica last wrote about an endpoint: failing or not, and when ({@link System#nanoTime()}). */
    private record State(boolean failing, long writtenAt) {
    }

    private final WebhookRepository webhooks;
    private final WebhookLifecycle lifecycle;
    private final NotifierConfig config;
    private final Map<UUID, State> states = new ConcurrentHashMap<>();

    public EndpointHealth(WebhookRepository webhooks, WebhookLifecycle lifecycle, NotifierConfig config) {
        this.webhooks = webhooks;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    /** Forgets a deleted endpoint. */
    public void forget(UUID webhookId) {
        states.remove(webhookId);
    }

    private Duration rewriteInterval() {
        Duration half = config.autoDisableAfter().dividedBy(2);
        return half.compareTo(MAX_REWRITE_INTERVAL) < 0 ? half : MAX_REWRITE_INTERVAL;
    }

    /**
     * Notes the endpoints' new state; answers those whose streak needs writing (the state changed, or
     * was last written longer than {@link #rewriteInterval()} ago).
     */
    private List<UUID> transitions(Set<UUID> ids, boolean failing) {
        long now = System.nanoTime();
        long interval = rewriteInterval().toNanos();
        List<UUID> write = new ArrayList<>();
        for (UUID id : ids) {
            State before = states.get(id);
            if (before == null || before.failing() != failing || now - before.writtenAt() >= interval) {
                states.put(id, new State(failing, now));
                write.add(id);
            }
        }
        return write;
    }

    /**
     * Takes the attempts of a recorded batch into account. A Vert.x future: it follows every recorded batch
     * (see DeliveryRepository on why the delivery path avoids Mutiny); the database is written only when an
     * endpoint starts or stops failing, or is disabled.
     */
    public Future<Void> after(List<Outcome> batch) {
        Set<UUID> gone = new LinkedHashSet<>();
        Set<UUID> failed = new HashSet<>();
        Set<UUID> succeeded = new HashSet<>();
        for (Outcome o : batch) {
            if (!o.attempted() || o.internal()) {
                continue; // Callwire's own failures say nothing about the endpoint
            }
            if (o.status() == DeliveryStatus.DELIVERED) {
                succeeded.add(o.job().webhookId());
            } else if (o.httpStatus() != null && o.httpStatus() == 410) {
                gone.add(o.job().webhookId());
            } else {
                failed.add(o.job().webhookId());
            }
        }
        failed.removeAll(succeeded);
        List<UUID> cleared = transitions(succeeded, false);
        List<UUID> marked = transitions(failed, true);
        if (gone.isEmpty() && cleared.isEmpty() && marked.isEmpty()) {
            return Future.succeededFuture();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : gone) {
            forget(id);
            chain = chain.chain(() -> lifecycle.disable(id, WebhookStatus.DISABLED, "410 Gone"));
        }
        if (!cleared.isEmpty()) {
            chain = chain.chain(() -> webhooks.clearFailing(cleared));
        }
        if (!marked.isEmpty()) {
            Instant threshold = Instant.now().minus(config.autoDisableAfter());
            chain = chain.chain(() -> webhooks.markFailing(marked, threshold))
                    .chain(expired -> {
                        Uni<Void> disable = Uni.createFrom().voidItem();
                        for (UUID id : expired) {
                            forget(id);
                            disable = disable.chain(() -> lifecycle.disable(id, WebhookStatus.AUTO_DISABLED,
                                    "failed every message for " + config.autoDisableAfter()));
                        }
                        return disable;
                    });
        }
        return UniHelper.toFuture(chain);
    }
}
