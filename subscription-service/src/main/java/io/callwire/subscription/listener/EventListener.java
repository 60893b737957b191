package io.callwire.subscription.listener;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.callwire.support.AmqpBodies;
import io.callwire.support.messaging.AmqpDataSection;
import io.callwire.support.messaging.Settlement;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.service.RteMetrics;
import io.callwire.subscription.service.EntityService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiSubscriber;

/**
 * Consumes every event (this replica's own non-durable subscription of {@code callwire.events}),
 * routes it to the subscribed connections and registers entities the first time an event names
 * them. Events are live data: nothing is stored, so the message is acknowledged once written to
 * the connections; an invalid event is logged, counted and acknowledged (retrying cannot fix it).
 * <p>
 * The channel's stream is consumed directly ({@link OneAtATime}), not through an {@code @Incoming}
 * method: SmallRye's mediator builds several {@code Uni}s per message around such a method (payload
 * conversion, the hop onto the message's context, the returned stage), and with SmallRye Context
 * Propagation on the class path each of their callbacks is captured and restored per message. Same
 * connector, same configuration, failure strategy, health and reconnection; one message at a time,
 * the next requested when the previous one is acknowledged, as the mediator did.
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
    private final Multi<Message<Object>> events;

    public EventListener(@Channel(Channels.EVENTS) Multi<Message<Object>> events, EventCodec codec, RoutingService routing,
            RteMetrics metrics, EntityService entities) {
        this.events = events;
        this.codec = codec;
        this.routing = routing;
        this.metrics = metrics;
        this.entities = entities;
    }

    /** Subscribes once messaging has started (its own start-up observer runs first, at priority 1000). */
    void start(@Observes StartupEvent startup) {
        events.subscribe().withSubscriber(new OneAtATime());
    }

    /**
     * Returns the acknowledgement itself: an event whose entity is already known (nearly all of
     * them) goes from the broker to the connections with no Mutiny pipeline, whose every stage would
     * capture and restore the propagated contexts once per event.
     */
    CompletionStage<Void> onEvent(Message<Object> message) {
        EventEnvelope event;
        try {
            event = codec.decode(body(message));
        } catch (InvalidEventException | IllegalArgumentException invalid) {
            metrics.dropped();
            LOG.warnf("invalid event dropped: %s", invalid.getMessage());
            return Settlement.ack(message);
        }
        try {
            routing.route(event);
        } catch (RuntimeException e) {
            metrics.dropped();
            LOG.errorf(e, "event %s could not be routed", event.id());
        }
        if (!known.add(event.entityId())) {
            return Settlement.ack(message);
        }
        if (known.size() > KNOWN_ENTITIES_LIMIT) {
            known.clear();
        }
        return entities.registerFromEvent(event).onFailure().recoverWithItem(failure -> {
            known.remove(event.entityId());
            LOG.warnf("entity %s of event %s not registered: %s", event.entityId(), event.id(), failure.getMessage());
            return null;
        }).subscribeAsCompletionStage().thenCompose(v -> Settlement.ack(message));
    }

    /**
     * Takes the channel's messages one at a time: the next is requested when the previous one's
     * acknowledgement completes, so events are routed in the broker's order and at most one waits
     * for its entity's registration. The connector retries a failed link itself (retry-on-fail), so a
     * failure reaching this subscriber means the channel gave up: logged, since this replica would
     * then deliver nothing.
     */
    private final class OneAtATime implements MultiSubscriber<Message<Object>> {

        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onItem(Message<Object> message) {
            CompletionStage<Void> done;
            try {
                done = onEvent(message);
            } catch (RuntimeException e) {
                LOG.errorf(e, "event message could not be handled");
                done = Settlement.ack(message);
            }
            // a settlement never fails (see Settlement); the next message is requested whatever came of this one
            done.whenComplete((ignored, failure) -> subscription.request(1));
        }

        @Override
        public void onFailure(Throwable failure) {
            LOG.errorf(failure, "the %s channel failed: this replica receives no more events", Channels.EVENTS);
        }

        @Override
        public void onCompletion() {
            LOG.warnf("the %s channel completed: this replica receives no more events", Channels.EVENTS);
        }
    }

    /**
     * The event's JSON bytes: the message's own Data section ({@link AmqpDataSection}, no copy), since
     * serializing the connector's parsed {@code JsonObject} back into bytes cost a third of the time of
     * writing the event to its ten connections; any other body goes through {@link AmqpBodies}.
     */
    static byte[] body(Message<?> message) {
        byte[] data = AmqpDataSection.bytes(message);
        return data != null ? data : AmqpBodies.bytes(message.getPayload());
    }
}
