package io.callwire.notifier.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.callwire.contract.messaging.Addresses;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes delivery receipts on {@code callwire.deliveries} through Vert.x's AMQP client directly, one durable
 * message per attempt, rather than through the SmallRye connector: per receipt, the connector parsed the JSON it
 * had just been given (to trace it), and ran Mutiny operators that captured and restored the thread contexts.
 * With the events also off the connector, the service's CPU per delivery fell by about a fifth (paired runs,
 * notifier-service README, "Performance").
 * <p>
 * One connection and one sender link, opened with the first receipt and again with the first receipt after
 * either was lost. A receipt sent while none can be opened fails; its outbox row stays, and the outbox sweep
 * publishes it later ({@code OutboxPublisher}). Each receipt gets a producer span in the trace it is given, and
 * that span's {@code traceparent} as an application property, as the connector wrote it; none with the
 * OpenTelemetry SDK off, or {@code callwire.notifier.receipts.traced=false}.
 */
@ApplicationScoped
public class ReceiptSender {

    private static final Logger LOG = Logger.getLogger(ReceiptSender.class);
    static final String SPAN = Addresses.DELIVERIES + " publish";

    private final AmqpClient client;
    /** Null when receipts are not traced. */
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    /** After a failed or lost link, receipts fail at once until then (System.nanoTime; guarded by this). */
    static final long RETRY_NANOS = 2_000_000_000L;
    /** The sender link, open or being opened; null when none is (guarded by this). */
    private Future<AmqpSender> sender;
    private long retryAt = System.nanoTime();
    private String lastFailure;
    private volatile boolean stopped;

    public ReceiptSender(AmqpClient client, OpenTelemetry openTelemetry,
                         @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled,
                         @ConfigProperty(name = "callwire.notifier.receipts.traced", defaultValue = "true") boolean traced) {
        this.client = client;
        // with the SDK off Quarkus still provides a tracer of sampled spans, recorded nowhere: their traceparent
        // on every receipt would be noise for whoever reads callwire.deliveries
        this.tracer = traced && !sdkDisabled ? openTelemetry.getTracer("io.callwire.notifier") : null;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        Future<AmqpSender> open;
        synchronized (this) {
            open = sender;
            sender = null;
        }
        if (open != null && open.succeeded()) {
            open.result().connection().close();
        }
    }

    /**
     * Sends one receipt; the future succeeds once the broker has accepted it.
     *
     * @param eventType      application property {@code EventType}, or null (then neither property is set)
     * @param trace          the context the receipt's producer span continues: its event's trace, or the root
     */
    public Future<Void> send(String receipt, String eventType, String organizationId, Context trace) {
        JsonObject properties = new JsonObject();
        if (eventType != null) {
            properties.put(Addresses.PROPERTY_EVENT_TYPE, eventType).put(Addresses.PROPERTY_ORGANIZATION_ID, organizationId);
        }
        Span span = null;
        if (tracer != null) {
            span = tracer.spanBuilder(SPAN).setSpanKind(SpanKind.PRODUCER).setParent(trace)
                    .setAttribute("messaging.system", "amqp")
                    .setAttribute("messaging.destination.name", Addresses.DELIVERIES)
                    .setAttribute("messaging.operation", "publish")
                    .startSpan();
            propagator.inject(trace.with(span), properties, JsonObject::put);
        }
        AmqpMessage message = AmqpMessage.create().durable(true).contentType(Addresses.CONTENT_TYPE_JSON)
                .applicationProperties(properties)
                .withBufferAsBody(Buffer.buffer(receipt.getBytes(StandardCharsets.UTF_8))).build();
        Future<Void> sent = sender().compose(link -> link.sendWithAck(message));
        if (span != null) {
            Span published = span;
            sent.onComplete(result -> {
                if (result.failed()) {
                    published.setStatus(StatusCode.ERROR, String.valueOf(result.cause().getMessage()));
                }
                published.end();
            });
        }
        return sent;
    }

    private synchronized Future<AmqpSender> sender() {
        if (sender != null) {
            return sender;
        }
        if (stopped) {
            return Future.failedFuture("the service is stopping");
        }
        if (System.nanoTime() - retryAt < 0) {
            // the broker was away a moment ago: no connection attempt per receipt while it is
            return Future.failedFuture(lastFailure);
        }
        Promise<AmqpSender> promise = Promise.promise();
        Future<AmqpSender> opening = promise.future();
        sender = opening;
        AmqpConnection[] opened = new AmqpConnection[1];
        client.connect()
                .compose(connection -> {
                    opened[0] = connection;
                    connection.exceptionHandler(failure -> lost(opening, "connection failed: " + failure.getMessage()));
                    connection.closeFuture().onComplete(closed -> lost(opening, "connection closed"));
                    return connection.createSender(Addresses.DELIVERIES,
                            new AmqpSenderOptions().setCapabilities(List.of("topic")));
                })
                .onSuccess(link -> link.exceptionHandler(failure -> lost(opening, "link failed: " + failure.getMessage())))
                .onComplete(promise)
                .onFailure(failure -> {
                    if (opened[0] != null) {
                        opened[0].close(); // connected, but the broker refused the link
                    }
                    lost(opening, "cannot open: " + failure.getMessage());
                });
        return opening;
    }

    /** The link or its connection is gone: the next receipt opens new ones. */
    private void lost(Future<AmqpSender> which, String why) {
        synchronized (this) {
            if (sender != which) {
                return; // already replaced
            }
            sender = null;
            retryAt = System.nanoTime() + RETRY_NANOS;
            lastFailure = "no link to the broker: " + why;
        }
        if (which.succeeded()) {
            if (!stopped) {
                LOG.warnf("receipts on %s: %s; a receipt connects again in %d s at the earliest (the outbox keeps the "
                        + "receipts not sent)", Addresses.DELIVERIES, why, RETRY_NANOS / 1_000_000_000L);
            }
            which.result().connection().close();
        } else {
            LOG.debugf("receipts on %s: %s", Addresses.DELIVERIES, why);
        }
    }
}
