package io.callwire.subscription.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.callwire.contract.event.EventCodec;
import io.callwire.subscription.service.RoutingIndex;
import io.callwire.subscription.service.RteMetrics;
import io.callwire.subscription.service.SubscriberRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;

/**
 * The events channel is consumed one message at a time, the next requested when the previous one is
 * acknowledged: a message whose acknowledgement itself throws must not end that loop. The connector's message
 * does throw (a NullPointerException on its connection's context) when the broker goes away while the message is
 * being handled; the fault suite's broker restart caught a replica that then stayed ready and delivered nothing
 * more to its live views.
 */
class EventListenerTest {

    @Test
    void aMessageWhoseAcknowledgementThrowsDoesNotStopTheNextOne() {
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        Message<Object> orphaned = message("not an event", () -> {
            throw new NullPointerException("Cannot invoke \"io.vertx.mutiny.core.Context.getDelegate()\" because \"this.context\" is null");
        });
        Message<Object> next = message("not an event either", () -> {
            acknowledged.add("next");
            return CompletableFuture.completedFuture(null);
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RteMetrics metrics = new RteMetrics(registry, new SubscriberRegistry(), new RoutingIndex());
        // invalid bodies: neither routing nor entity registration is reached
        EventListener listener = new EventListener(Multi.createFrom().items(orphaned, next), new EventCodec(), null, metrics, null);

        listener.start(null);

        assertThat(acknowledged).as("the message after the one whose acknowledgement threw").containsExactly("next");
        assertThat(registry.counter("callwire.rte.events.dropped").count()).as("both counted as dropped").isEqualTo(2.0);
    }

    private static Message<Object> message(String body, Supplier<CompletionStage<Void>> ack) {
        return Message.<Object>of(body.getBytes(StandardCharsets.UTF_8), ack);
    }
}
