package io.callwire.notifier.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.support.security.RevocationRegistry;

/**
 * A revocation that arrives just as the broker goes away: the connector's message then throws from {@code ack()}
 * (its connection's context is gone). An {@code @Incoming} method that lets that throw out ends its channel for
 * the life of the process (the mediator fails the stream), and this replica would learn of no revocation after the
 * broker came back. The revocation itself is recorded; the broker delivers it again if its queue outlived the link.
 */
class RevocationListenerTest {

    @Test
    void aRevocationWhoseAcknowledgementThrowsIsRecordedAndTheChannelGoesOn() {
        RevocationRegistry registry = new RevocationRegistry(Duration.ofHours(1));
        RevocationListener listener = new RevocationListener(new ObjectMapper().findAndRegisterModules(), registry);
        Instant issued = Instant.now().minusSeconds(60);
        String body = "{\"subject\":\"admin@acme.test\",\"reason\":\"user-disabled\",\"revokedAt\":\"" + Instant.now() + "\"}";
        Supplier<CompletionStage<Void>> connectionGone = () -> {
            throw new NullPointerException("Cannot invoke \"io.vertx.mutiny.core.Context.getDelegate()\" because \"this.context\" is null");
        };
        Message<Object> message = Message.<Object>of(body.getBytes(StandardCharsets.UTF_8), connectionGone);

        listener.onRevocation(message).await().atMost(Duration.ofSeconds(5));

        assertThat(registry.isRevoked("some-token", null, "admin@acme.test", issued)).as("the subject's older tokens").isTrue();
    }

    @Test
    void aRevocationWhoseAcknowledgementFailsLaterCompletesAllTheSame() {
        RevocationListener listener = new RevocationListener(new ObjectMapper().findAndRegisterModules(),
                new RevocationRegistry(Duration.ofHours(1)));
        Message<Object> message = Message.<Object>of("not a revocation".getBytes(StandardCharsets.UTF_8),
                () -> CompletableFuture.failedFuture(new IllegalStateException("link detached")));

        listener.onRevocation(message).await().atMost(Duration.ofSeconds(5));
    }
}
