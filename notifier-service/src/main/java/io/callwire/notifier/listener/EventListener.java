package io.callwire.notifier.listener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.notifier.service.IngestService;
import io.callwire.support.messaging.AmqpDataSection;
import io.callwire.support.messaging.UnreadableBodyLog;
import io.vertx.amqp.AmqpMessage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the events {@link EventReceiver} takes from {@code callwire.events}. A message is accepted only
 * once the delivery jobs it produced are committed ({@link IngestService}); an event that cannot be read is
 * accepted with a warning, as it can never succeed.
 */
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);
    /** The application property W3C trace context travels in over AMQP (as the SmallRye AMQP connector writes it). */
    static final String TRACEPARENT = "traceparent";
    /** A version-00 traceparent has 55 characters; later versions may append fields. */
    private static final int MAX_TRACEPARENT = 256;
    private static final CompletionStage<Void> NEXT = CompletableFuture.completedFuture(null);

    private final EventCodec codec;
    private final IngestService ingest;
    private final UnreadableBodyLog unreadable;

    public EventListener(EventCodec codec, IngestService ingest, UnreadableBodyLog unreadable) {
        this.codec = codec;
        this.ingest = ingest;
        this.unreadable = unreadable;
    }

    /** @return completes when the receiver may hand over the next message */
    public CompletionStage<Void> consume(AmqpMessage message) {
        EventEnvelope event;
        try {
            event = codec.decode(AmqpDataSection.json(message.unwrap().getBody()));
        } catch (InvalidEventException | RuntimeException e) {
            // a body labelled JSON that is not (what a broken or hostile publisher floods): counted, one WARN line a minute
            if (!unreadable.unreadable(Channels.EVENTS, message.contentType(), e)) {
                LOG.warnf("dropping an unreadable event: %s", e.getMessage());
            }
            message.accepted();
            return NEXT;
        }
        return ingest.submit(event, traceparent(message), message);
    }

    /**
     * The W3C {@code traceparent} application property the event was published with, or null: absent, not a
     * string, or longer than any traceparent (it is stored with each job; its attempts parse it and ignore it
     * if malformed).
     */
    static String traceparent(AmqpMessage message) {
        var properties = message.unwrap().getApplicationProperties();
        Object value = properties == null || properties.getValue() == null ? null : properties.getValue().get(TRACEPARENT);
        return value instanceof String s && s.length() <= MAX_TRACEPARENT ? s : null;
    }
}
