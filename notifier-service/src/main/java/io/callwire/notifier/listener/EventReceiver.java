package io.callwire.notifier.listener;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.callwire.notifier.config.NotifierConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Takes {@code callwire.events} from the durable queue all notifier replicas share, through Vert.x's AMQP
 * client directly rather than the SmallRye AMQP connector. On this path, one message per event at thousands of
 * events a second, the connector parsed every JSON body that the listener then read as bytes, wrapped each
 * message in Mutiny operators, and captured and restored the thread contexts around each of them: taking it
 * away cut the service's CPU per delivery by about a tenth (paired runs, notifier-service README,
 * "Performance"). Here a message goes from the link straight to {@link EventListener}.
 * <p>
 * What the connector gave this channel is kept: the connection is opened again every
 * {@code callwire.notifier.events.reconnect-interval} for as long as the service runs (after a refused
 * connection, a lost one or a detached link), readiness is down while no link is attached, and when
 * ingestion has too many events pending ({@code callwire.notifier.ingest.max-pending}) the receiver pauses:
 * it grants no more credit, so the broker keeps the rest ({@code callwire.notifier.events.credit} at most
 * wait in the receiver). The connection is {@code BrokerClient}'s.
 */
@ApplicationScoped
@Readiness
public class EventReceiver implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(EventReceiver.class);
    static final String CHECK = "events receiver";

    private final Vertx vertx;
    private final Function<AmqpMessage, CompletionStage<Void>> listener;
    private final NotifierConfig.Events config;

    private final AmqpClient client;
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

    @Inject
    public EventReceiver(Vertx vertx, EventListener listener, NotifierConfig config, AmqpClient client) {
        this(vertx, listener::consume, config.events(), client);
    }

    /**
     * @param listener takes each message; its stage completes when the next may come (the message is settled
     *                 by whoever holds it, later)
     */
    EventReceiver(Vertx vertx, Function<AmqpMessage, CompletionStage<Void>> listener, NotifierConfig.Events config,
                  AmqpClient client) {
        this.vertx = vertx;
        this.listener = listener;
        this.config = config;
        this.client = client;
    }

    void start(@Observes StartupEvent started) {
        running = true;
        context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> connect());
    }

    void stop(@Observes ShutdownEvent stopping) {
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
                    return opened.createReceiver(config.address(), new AmqpReceiverOptions()
                            .setAutoAcknowledgement(false)
                            .setDurable(config.durable())
                            .setLinkName(Channels.EVENTS)
                            .setCapabilities(List.of("topic"))
                            .setMaxBufferedMessages(config.credit()));
                })
                .onSuccess(attached -> {
                    if (attempt != generation) {
                        return; // stopped, or the connection failed while the link was being attached
                    }
                    attached.exceptionHandler(failure -> lost(attempt, "link failed: " + failure.getMessage()));
                    attached.endHandler(ignored -> lost(attempt, "link detached by the broker"));
                    attached.handler(message -> receive(attached, message));
                    if (attachedBefore) {
                        LOG.infof("events: receiving from %s again", config.address());
                    }
                    attachedBefore = true;
                    down = null;
                })
                .onFailure(failure -> lost(attempt, "cannot attach to " + config.address() + ": " + failure.getMessage()));
    }

    private void receive(AmqpReceiver from, AmqpMessage message) {
        CompletionStage<Void> room = listener.apply(message);
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
        LOG.warnf("events: %s; connecting again in %d ms", why, config.reconnectInterval().toMillis());
        retryTimer = vertx.setTimer(config.reconnectInterval().toMillis(), id -> connect());
    }

    private void closeConnection() {
        AmqpConnection closing = connection;
        connection = null;
        if (closing != null && !closing.isDisconnected()) {
            closing.close();
        }
    }

    @Override
    public HealthCheckResponse call() {
        String why = down;
        return why == null ? HealthCheckResponse.up(CHECK)
                : HealthCheckResponse.named(CHECK).down().withData("reason", String.valueOf(why)).build();
    }
}
