package io.callwire.notifier.service;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.callwire.notifier.DeliveryStatus;
import io.callwire.notifier.WebhookStatus;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.callwire.notifier.repository.WebhookRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Endpoint health from recorded attempts: {@code 410 Gone} disables an endpoint, a failure streak
 * longer than {@code auto-disable-after} auto-disables it, a success ends the streak.
 */
@ApplicationScoped
public class EndpointHealth {

    private final WebhookRepository webhooks;
    private final WebhookLifecycle lifecycle;
    private final NotifierConfig config;

    public EndpointHealth(WebhookRepository webhooks, WebhookLifecycle lifecycle, NotifierConfig config) {
        this.webhooks = webhooks;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    /** Takes the attempts of a recorded batch into account. */
    public Uni<Void> after(List<Outcome> batch) {
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
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : gone) {
            chain = chain.chain(() -> lifecycle.disable(id, WebhookStatus.DISABLED, "410 Gone"));
        }
        if (!succeeded.isEmpty()) {
            chain = chain.chain(() -> webhooks.clearFailing(List.copyOf(succeeded)));
        }
        if (!failed.isEmpty()) {
            Instant threshold = Instant.now().minus(config.autoDisableAfter());
            chain = chain.chain(() -> webhooks.markFailing(List.copyOf(failed), threshold))
                    .chain(expired -> {
                        Uni<Void> disable = Uni.createFrom().voidItem();
                        for (UUID id : expired) {
                            disable = disable.chain(() -> lifecycle.disable(id, WebhookStatus.AUTO_DISABLED,
                                    "failed every message for " + config.autoDisableAfter()));
                        }
                        return disable;
                    });
        }
        return chain;
    }
}
