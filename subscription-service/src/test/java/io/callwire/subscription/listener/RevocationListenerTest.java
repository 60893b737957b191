package io.callwire.subscription.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A revocation message that arrives just as the broker goes away: the connector's message then throws from
 * {@code ack()}. An {@code @Incoming} method that lets that throw out ends its channel for the life of the
 * process, and this replica would close no connection for any later revocation. (An unreadable body keeps the
 * test to the acknowledgement: nothing else is reached.)
 */
class RevocationListenerTest {

    @Test
    void aMessageWhoseAcknowledgementThrowsDoesNotFailTheChannel() {
        RevocationListener listener = new RevocationListener(new ObjectMapper(), null, null);
        Supplier<CompletionStage<Void>> connectionGone = () -> {
            throw new NullPointerException("Cannot invoke \"io.vertx.mutiny.core.Context.getDelegate()\" because \"this.context\" is null");
        };
        Message<Object> message = Message.<Object>of("not a revocation".getBytes(StandardCharsets.UTF_8), connectionGone);

        listener.onRevocation(message).await().atMost(Duration.ofSeconds(5));
    }
}
