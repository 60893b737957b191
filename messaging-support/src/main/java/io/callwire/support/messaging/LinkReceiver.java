package io.callwire.support.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Takes the messages of one AMQP link through Vert.x's AMQP client directly rather than the SmallRye AMQP
 * connector, for a service's hot path: one message per event at thousands of events a second. There the
 * connector parsed every JSON body that the listener then read as bytes, wrapped each message in Mutiny
 * operators, and captured and restored the thread contexts around each of them. Here a message goes from the
 * link straight to the listener, on the connection's event loop; the listener settles it, then or later.
 * <p>
 * What the connector gave such a channel is kept: the connection is opened again every
 * {@link Link#reconnectInterval()} for as long as the service runs (after a refused connection, a lost one or
 * a detached link), {@link #readiness} is down, with the reason, while no link is attached, and
 * while the stage the listener returned for a message is not complete the receiver pauses: it hands over
 * nothing more and grants no more credit, so the broker keeps the rest (at most {@link Link#credit()} wait in
 * the receiver). Messages reach the listener in the broker's order.
 */
public final class LinkReceiver {

    /**
     * The link to attach.
     *
     * @param address           the address, or a fully qualified queue ({@code address::queue})
     * @param name              the link's name (with {@code durable}, it names the subscription at the broker)
     * @param durable           a durable link (a queue that outlives the link) or this connection's own subscription
     * @param credit            messages the broker may send ahead of the listener, and the most a paused receiver holds
     * @param reconnectInterval how long after a failure the connection is tried again
     */
    public record Link(String address, String name, boolean durable, int credit, Duration reconnectInterval) {
    }

    private static final Logger LOG = Logger.getLogger(LinkReceiver.class);

    private final Vertx vertx;
    private final AmqpClient client;
    private final Link link;
    private final Function<AmqpMessage, CompletionStage<Void>> listener;

    /** The context the connection lives on: everything below runs there. */
    private Context context;
    /** Counts connections tried: the handlers of an earlier one find theirs is over and do nothing. */
    private int generation;
    private AmqpConnection connection;
    private long retryTimer = -1;
    private boolean attachedBefore;
    private volatile boolean running;
    /** Why no link is attached (null while one is), for readiness and the log. */
    private volatile String down = "not connected yet";

    /**
     * @param listener takes each message; its stage completes when the next may come (the message is settled
     *                 by whoever holds it, then or later)
     */
    public LinkReceiver(Vertx vertx, AmqpClient client, Link link, Function<AmqpMessage, CompletionStage<Void>> listener) {
        this.vertx = vertx;
        this.client = client;
        this.link = link;
        this.listener = listener;
    }

    public void start() {
        running = true;
        context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> connect());
    }

    public void stop() {
        running = false;
        if (context == null) {
            return; // never started
        }
        context.runOnContext(ignored -> {
            generation++;
            vertx.cancelTimer(retryTimer);
            closeConnection();
        });
    }

    /** Why no link is attached, or null while one is. */
    String down() {
        return down;
    }

    /** For the service's readiness check: up while a link is attached, else down with the reason. */
    public HealthCheckResponse readiness(String check) {
        String why = down();
        return why == null ? HealthCheckResponse.up(check)
                : HealthCheckResponse.named(check).down().withData("reason", why).build();
    }

    private void connect() {
        if (!running) {
            return;
        }
        int attempt = ++generation;
        client.connect()
                .compose(opened -> {
                    if (attempt != generation) { // stopped meanwhile
                        return opened.close().compose(closed -> Future.failedFuture("stopped"));
                    }
                    connection = opened;
                    opened.exceptionHandler(failure -> lost(attempt, "connection failed: " + failure.getMessage()));
                    opened.closeFuture().onComplete(ignored -> lost(attempt, "connection closed"));
                    return opened.createReceiver(link.address(), new AmqpReceiverOptions()
                            .setAutoAcknowledgement(false)
                            .setDurable(link.durable())
                            .setLinkName(link.name())
                            .setCapabilities(List.of("topic"))
                            .setMaxBufferedMessages(link.credit()));
                })
                .onSuccess(attached -> {
                    if (attempt != generation) {
                        return; // stopped, or the connection failed while the link was being attached
                    }
                    attached.exceptionHandler(failure -> lost(attempt, "link failed: " + failure.getMessage()));
                    attached.endHandler(ignored -> lost(attempt, "link detached by the broker"));
                    attached.handler(message -> receive(attached, message));
                    if (attachedBefore) {
                        LOG.infof("%s: receiving from %s again", link.name(), link.address());
                    }
                    attachedBefore = true;
                    down = null;
                })
                .onFailure(failure -> lost(attempt, "cannot attach to " + link.address() + ": " + failure.getMessage()));
    }

    private void receive(AmqpReceiver from, AmqpMessage message) {
        CompletionStage<Void> room;
        try {
            room = listener.apply(message);
        } catch (RuntimeException e) {
            // the listener's own failure to handle one message must not stop the link
            LOG.errorf(e, "%s: a message could not be handled", link.name());
            return;
        }
        if (!room.toCompletableFuture().isDone()) {
            // no more credit is granted: at most the credit already given (the messages in flight) waits in the receiver
            from.pause();
            room.whenComplete((ignored, failure) -> context.runOnContext(resume -> from.resume()));
        }
    }

    /** The connection or its link is gone: readiness goes down and a new connection is tried later. */
    private void lost(int attempt, String why) {
        if (Vertx.currentContext() != context) {
            context.runOnContext(ignored -> lost(attempt, why));
            return;
        }
        if (attempt != generation) {
            return; // already handled, or an earlier connection's last words
        }
        generation++;
        down = why;
        closeConnection();
        if (!running) {
            return;
        }
        LOG.warnf("%s: %s; connecting again in %d ms", link.name(), why, link.reconnectInterval().toMillis());
        retryTimer = vertx.setTimer(link.reconnectInterval().toMillis(), id -> connect());
    }

    private void closeConnection() {
        AmqpConnection closing = connection;
        connection = null;
        if (closing != null && !closing.isDisconnected()) {
            closing.close();
        }
    }
}
