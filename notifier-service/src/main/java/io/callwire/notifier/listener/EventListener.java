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
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code callwire.events} through the durable queue all notifier replicas share. A message
 * is acknowledged only once the delivery jobs it produced are committed ({@link IngestService}); an
 * event that cannot be read is acknowledged with a warning, as it can never succeed.
 */
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);

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
        return ingest.submit(event, message);
    }

    /**
     * The event's JSON bytes. The connector has already parsed a Data body sent as {@code application/json}
     * into a {@code JsonObject}; serializing that back was one more JSON encoding per event, so the
     * message's own Data section is read instead. Any other body goes through {@link AmqpBodies}.
     * (subscription-service's listener reads it the same way; a shared helper in service-support would put
     * the connector's CDI beans on that module's class path, which breaks its own Quarkus tests.)
     */
    static byte[] body(Message<?> message) {
        org.apache.qpid.proton.amqp.messaging.Section body = null;
        if (message instanceof io.smallrye.reactive.messaging.amqp.AmqpMessage<?> amqp) {
            body = amqp.getBody();
        } else {
            var incoming = message.getMetadata(io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata.class);
            if (incoming.isPresent()) {
                body = incoming.get().getMessage().unwrap().getBody();
            }
        }
        if (body instanceof org.apache.qpid.proton.amqp.messaging.Data data && data.getValue() != null) {
            org.apache.qpid.proton.amqp.Binary binary = data.getValue();
            byte[] array = binary.getArray();
            int offset = binary.getArrayOffset();
            return offset == 0 && binary.getLength() == array.length ? array
                    : java.util.Arrays.copyOfRange(array, offset, offset + binary.getLength());
        }
        return AmqpBodies.bytes(message.getPayload());
    }
}
