package io.callwire.notifier.listener;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.callwire.notifier.config.NotifierConfig;
import io.callwire.support.messaging.LinkReceiver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.amqp.AmqpClient;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Takes {@code callwire.events} from the durable queue all notifier replicas share, through a {@link LinkReceiver}
 * (Vert.x's AMQP client directly, not the SmallRye connector: that cut the service's CPU per delivery by about a
 * tenth, notifier-service README, "Performance"), and hands each message to {@link EventListener}. Readiness is
 * down while no link is attached; when ingestion has too many events pending
 * ({@code callwire.notifier.ingest.max-pending}) the receiver pauses and the broker keeps the rest
 * ({@code callwire.notifier.events.credit} at most wait in the receiver). The connection is {@code BrokerClient}'s.
 */
@ApplicationScoped
@Readiness
public class EventReceiver implements HealthCheck {

    static final String CHECK = "events receiver";

    private final LinkReceiver receiver;

    public EventReceiver(Vertx vertx, EventListener listener, NotifierConfig config, AmqpClient client) {
        NotifierConfig.Events events = config.events();
        this.receiver = new LinkReceiver(vertx, client, new LinkReceiver.Link(events.address(), Channels.EVENTS,
                events.durable(), events.credit(), events.reconnectInterval()), listener::consume);
    }

    void start(@Observes StartupEvent started) {
        receiver.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        receiver.stop();
    }

    @Override
    public HealthCheckResponse call() {
        return receiver.readiness(CHECK);
    }
}
