package io.callwire.subscription.listener;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.callwire.support.AmqpBodies;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.service.RteMetrics;
import io.callwire.subscription.service.EntityService;

/**
 * Consumes every event (this replica's own non-durable subscription of {@code callwire.events}),
 * routes it to the subscribed connections and registers entities the first time an event names
 * them. Events are live data: nothing is stored, so the message is acknowledged once written to
 * the connections; an invalid event is logged, counted and acknowledged (retrying cannot fix it).
 */
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);
    /** Bounds the memory of entities already known to be registered; cleared when full. */
    private static final int KNOWN_ENTITIES_LIMIT = 100_000;

    private final EventCodec codec;
    private final RoutingService routing;
    private final RteMetrics metrics;
    private final EntityService entities;
    private final Set<java.util.UUID> known = ConcurrentHashMap.newKeySet();

    public EventListener(EventCodec codec, RoutingService routing, RteMetrics metrics, EntityService entities) {
        this.codec = codec;
        this.routing = routing;
        this.metrics = metrics;
        this.entities = entities;
    }

    /**
     * Returns the acknowledgement itself: an event whose entity is already known (nearly all of
     * them) goes from the broker to the connections with no Mutiny pipeline, whose every stage would
     * capture and restore the propagated contexts once per event.
     */
    @Incoming(Channels.EVENTS)
    public CompletionStage<Void> onEvent(Message<Object> message) {
        EventEnvelope event;
        try {
            event = codec.decode(body(message));
        } catch (InvalidEventException | IllegalArgumentException invalid) {
            metrics.dropped();
            LOG.warnf("invalid event dropped: %s", invalid.getMessage());
            return message.ack();
        }
        try {
            routing.route(event);
        } catch (RuntimeException e) {
            metrics.dropped();
            LOG.errorf(e, "event %s could not be routed", event.id());
        }
        if (!known.add(event.entityId())) {
            return message.ack();
        }
        if (known.size() > KNOWN_ENTITIES_LIMIT) {
            known.clear();
        }
        return entities.registerFromEvent(event).onFailure().recoverWithItem(failure -> {
            known.remove(event.entityId());
            LOG.warnf("entity %s of event %s not registered: %s", event.entityId(), event.id(), failure.getMessage());
            return null;
        }).subscribeAsCompletionStage().thenCompose(v -> message.ack());
    }

    /**
     * The event's JSON bytes. A Data body sent as {@code application/json} arrives already parsed
     * into a {@code JsonObject} by the connector, and serializing that back into bytes took a third
     * of the time of writing the event to its ten connections in the profile: the message's own Data
     * section is read instead. Any other body goes through {@link AmqpBodies}.
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
