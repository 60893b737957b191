package io.callwire.notifier.listener;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.notifier.service.IngestService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
            event = codec.decode(bytes(message.getPayload()));
        } catch (InvalidEventException | RuntimeException e) {
            LOG.warnf("dropping an unreadable event: %s", e.getMessage());
            return message.ack();
        }
        return ingest.submit(event, message);
    }

    private static byte[] bytes(Object payload) {
        if (payload instanceof byte[] raw) {
            return raw;
        }
        if (payload instanceof Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof JsonObject json) {
            return json.toBuffer().getBytes();
        }
        if (payload instanceof JsonArray json) {
            return json.toBuffer().getBytes();
        }
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }
}
