package io.callwire.subscription.listener;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.subscription.service.EntityService;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.service.RteMetrics;
import io.callwire.support.messaging.AmqpDataSection;
import io.callwire.support.messaging.UnreadableBodyLog;
import io.vertx.amqp.AmqpMessage;

/**
 * Routes every event {@link EventReceiver} takes to the subscribed connections and registers entities the first
 * time an event names them. Events are live data: nothing is stored, so a message is accepted once written to the
 * connections; one that cannot be read is counted, logged and accepted too (retrying cannot fix it). A body
 * labelled {@code application/json} that is not JSON, what a broken or hostile publisher floods, is counted in
 * {@code callwire.amqp.messages.unreadable} with one WARN line a minute ({@link UnreadableBodyLog}).
 */
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);
    /** Bounds the memory of entities already known to be registered; cleared when full. */
    private static final int KNOWN_ENTITIES_LIMIT = 100_000;
    private static final CompletionStage<Void> NEXT = CompletableFuture.completedFuture(null);

    private final EventCodec codec;
    private final RoutingService routing;
    private final RteMetrics metrics;
    private final EntityService entities;
    private final UnreadableBodyLog unreadable;
    private final Set<UUID> known = ConcurrentHashMap.newKeySet();

    public EventListener(EventCodec codec, RoutingService routing, RteMetrics metrics, EntityService entities,
            UnreadableBodyLog unreadable) {
        this.codec = codec;
        this.routing = routing;
        this.metrics = metrics;
        this.entities = entities;
        this.unreadable = unreadable;
    }

    /**
     * @return completes when the next message may come: at once for an event whose entity is already known (nearly
     *         all of them), after the registration for the first event of an entity, so that events stay in the
     *         broker's order and at most one waits for its registration
     */
    public CompletionStage<Void> consume(AmqpMessage message) {
        EventEnvelope event;
        try {
            event = codec.decode(AmqpDataSection.json(message.unwrap().getBody()));
        } catch (InvalidEventException | RuntimeException invalid) {
            metrics.dropped();
            // a body labelled JSON that is not (what a broken or hostile publisher floods): counted, one WARN line a minute
            if (!unreadable.unreadable(Channels.EVENTS, message.contentType(), invalid)) {
                LOG.warnf("invalid event dropped: %s", invalid.getMessage());
            }
            message.accepted();
            return NEXT;
        }
        try {
            routing.route(event);
        } catch (RuntimeException e) {
            metrics.dropped();
            LOG.errorf(e, "event %s could not be routed", event.id());
        }
        message.accepted();
        if (!known.add(event.entityId())) {
            return NEXT;
        }
        if (known.size() > KNOWN_ENTITIES_LIMIT) {
            known.clear();
        }
        return entities.registerFromEvent(event).onFailure().recoverWithItem(failure -> {
            known.remove(event.entityId());
            LOG.warnf("entity %s of event %s not registered: %s", event.entityId(), event.id(), failure.getMessage());
            return null;
        }).subscribeAsCompletionStage();
    }
}
