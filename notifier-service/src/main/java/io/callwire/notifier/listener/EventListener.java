package io.callwire.notifier.listener;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.notifier.service.IngestService;
import io.callwire.support.AmqpBodies;
import io.callwire.support.messaging.AmqpDataSection;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code callwire.events} through the durable queue all notifier replicas share. A message
 * is acknowledged only once the delivery jobs it produced are committed ({@link IngestService}); an
 * event that cannot be read is acknowledged with a warning, as it can never succeed.
 */
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);
    /** The application property W3C trace context travels in over AMQP (as the SmallRye AMQP connector writes it). */
    static final String TRACEPARENT = "traceparent";
    /** A version-00 traceparent has 55 characters; later versions may append fields. */
    private static final int MAX_TRACEPARENT = 256;

    private final EventCodec codec;
    private final IngestService ingest;

    public EventListener(EventCodec codec, IngestService ingest) {
        this.codec = codec;
        this.ingest = ingest;
    }

    @Incoming(Channels.EVENTS)
    public CompletionStage<Void> consume(Message<?> message) {
        EventEnvelope event;
        try {
            event = codec.decode(body(message));
        } catch (InvalidEventException | RuntimeException e) {
            LOG.warnf("dropping an unreadable event: %s", e.getMessage());
            return message.ack();
        }
        return ingest.submit(event, traceparent(message), message);
    }

    /**
     * The W3C {@code traceparent} application property the event was published with (the one the connector's
     * incoming tracing reads), or null: absent, not a string, or longer than any traceparent (it is stored
     * with each job; its attempts parse it and ignore it if malformed).
     */
    static String traceparent(Message<?> message) {
        return message.getMetadata(IncomingAmqpMetadata.class)
                .map(IncomingAmqpMetadata::getProperties) // null when the message has no application properties
                .map(properties -> properties.getValue(TRACEPARENT))
                .filter(value -> value instanceof String s && s.length() <= MAX_TRACEPARENT)
                .map(String.class::cast)
                .orElse(null);
    }

    /**
     * The event's JSON bytes: the message's own Data section (the connector has already parsed a body sent
     * as {@code application/json}, and encoding it back was one more JSON encoding per event); any other
     * body through {@link AmqpBodies}.
     */
    static byte[] body(Message<?> message) {
        byte[] data = AmqpDataSection.bytes(message);
        return data != null ? data : AmqpBodies.bytes(message.getPayload());
    }
}
