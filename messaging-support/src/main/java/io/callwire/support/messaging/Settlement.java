package io.callwire.support.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Settles an incoming message without ever failing the consumer that does it. The AMQP connector's message
 * throws from {@code ack()} and {@code nack()} when its connection went away while the message was being handled
 * (a {@code NullPointerException} on the connection's context). Let out of an {@code @Incoming} method, as a
 * throw or a failed stage, that ends the channel for the life of the process: the mediator fails the stream, and
 * the replica hears nothing more on it after the broker comes back. Such a message is not lost by being left
 * unsettled: the broker delivers it again on the new link if its queue outlived the old one, and a subscription
 * queue that went with the link took only what this replica had already handled.
 */
public final class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class);

    private Settlement() {
    }

    /** The message's acknowledgement; completes normally, even when the message could not be settled. */
    public static CompletionStage<Void> ack(Message<?> message) {
        return settle("acknowledged", message::ack);
    }

    /** The message's negative acknowledgement; completes normally, even when the message could not be settled. */
    public static CompletionStage<Void> nack(Message<?> message, Throwable reason) {
        return settle("rejected", () -> message.nack(reason));
    }

    private static CompletionStage<Void> settle(String outcome, Supplier<CompletionStage<Void>> settlement) {
        CompletionStage<Void> settled;
        try {
            settled = settlement.get();
        } catch (RuntimeException e) {
            settled = CompletableFuture.failedFuture(e);
        }
        return settled.exceptionally(failure -> {
            LOG.warnf("a message could not be %s (its connection went away?): %s", outcome, failure);
            return null;
        });
    }
}
