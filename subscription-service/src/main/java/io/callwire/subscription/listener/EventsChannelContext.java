package io.callwire.subscription.listener;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.smallrye.reactivemessaging.runtime.ConnectorContextPropagationDecorator;
import io.smallrye.mutiny.Multi;

/**
 * Quarkus's connector decorator, minus the fan-out channel. Quarkus runs every message of every
 * connector channel through a SmallRye Context Propagation executor that clears the thread's contexts
 * around it (ArC's request context and JTA's transaction: the two context providers on this service's
 * class path, neither of them a "fast" one, so each message pays SmallRye's slow path: a request
 * context activated and destroyed, a transaction suspended and resumed). On {@code callwire.events}
 * that was about a quarter of the event loops' samples per event, and it clears nothing: each message
 * already runs on a Vert.x context of its own (where ArC keeps the request context), the request scope
 * is never activated for messages ({@code quarkus.messaging.request-scoped.enabled} is off), nothing on
 * the path is transactional, and OpenTelemetry's context has no provider here (tracing keeps its own
 * decorator, and the events channel starts no span anyway). Every other channel keeps Quarkus's
 * behaviour; the original bean is excluded by {@code quarkus.arc.exclude-types} so that this one replaces it.
 * {@code @Singleton}, not {@code @ApplicationScoped}: the superclass has no no-argument constructor for a client proxy.
 */
@Singleton
public class EventsChannelContext extends ConnectorContextPropagationDecorator {

    @Inject
    public EventsChannelContext(
            @ConfigProperty(name = "quarkus.messaging.connector-context-propagation") Optional<List<String>> propagated) {
        super(propagated);
    }

    @Override
    public Multi<? extends Message<?>> decorate(Multi<? extends Message<?>> publisher, List<String> channelName,
            boolean isConnector) {
        if (channelName.contains(Channels.EVENTS)) {
            return publisher;
        }
        return super.decorate(publisher, channelName, isConnector);
    }
}
