package io.callwire.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final Supplier<CompletionStage<Void>> CONNECTION_GONE = () -> {
        throw new NullPointerException("Cannot invoke \"io.vertx.mutiny.core.Context.getDelegate()\" because \"this.context\" is null");
    };

    @Test
    void anAcknowledgementThatThrowsCompletesNormally() {
        Message<String> message = Message.of("event", CONNECTION_GONE);

        assertThat(Settlement.ack(message).toCompletableFuture()).succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void anAcknowledgementThatFailsLaterCompletesNormally() {
        Message<String> message = Message.of("event", () -> CompletableFuture.failedFuture(new IllegalStateException("link detached")));

        assertThat(Settlement.ack(message).toCompletableFuture()).succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void aNegativeAcknowledgementThatThrowsCompletesNormally() {
        Function<Throwable, CompletionStage<Void>> connectionGone = reason -> CONNECTION_GONE.get();
        Message<String> message = Message.of("change", Metadata.empty(), () -> CompletableFuture.completedFuture(null), connectionGone);

        assertThat(Settlement.nack(message, new IllegalStateException("database unreachable")).toCompletableFuture())
                .succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void aSettlementReachesTheMessage() {
        AtomicReference<String> settled = new AtomicReference<>();
        Message<String> message = Message.of("change", Metadata.empty(), () -> {
            settled.set("acknowledged");
            return CompletableFuture.completedFuture(null);
        }, reason -> {
            settled.set("rejected: " + reason.getMessage());
            return CompletableFuture.completedFuture(null);
        });

        Settlement.nack(message, new IllegalStateException("database unreachable"));

        assertThat(settled).hasValue("rejected: database unreachable");
    }
}
