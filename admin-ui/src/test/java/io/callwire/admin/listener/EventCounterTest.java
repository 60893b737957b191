package io.callwire.admin.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.callwire.admin.service.EventRates;

/**
 * An event that arrives just as the broker goes away: the connector's message then throws from {@code ack()}. An
 * {@code @Incoming} method that lets that throw out ends its channel for the life of the process, and the
 * dashboard's events per second would stay at zero after the broker came back.
 */
class EventCounterTest {

    @Test
    void anEventWhoseAcknowledgementThrowsDoesNotFailTheChannel() {
        EventCounter counter = new EventCounter(new EventRates());
        Supplier<CompletionStage<Void>> connectionGone = () -> {
            throw new NullPointerException("Cannot invoke \"io.vertx.mutiny.core.Context.getDelegate()\" because \"this.context\" is null");
        };
        Message<Object> message = Message.<Object>of("{}".getBytes(StandardCharsets.UTF_8), connectionGone);

        counter.count(message).await().atMost(Duration.ofSeconds(5));
    }
}
