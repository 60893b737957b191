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
 * around it: ArC's request context, JTA's transaction and OpenTelemetry's context, the three context
 * providers on this service's class path. SmallRye takes its fast path only when every provider is a
 * "fast" one, and ArC's and JTA's are not, so each message paid the slow path (every provider's state
 * captured, cleared and restored). On {@code callwire.events} that was one of the largest per-event costs in
 * the profile, and it clears nothing there: each message already runs on a Vert.x context of its own
 * (where ArC and OpenTelemetry keep their state), the request scope is never activated for messages
 * ({@code quarkus.messaging.request-scoped.enabled} is off), nothing on the path is transactional,
 * and the channel starts no trace span ({@code tracing-enabled=false}). Every other channel keeps
 * Quarkus's behaviour, tracing included; the original bean is excluded by
 * {@code quarkus.arc.exclude-types} so that this one replaces it ({@code EventsChannelContextTest}
 * fails if a Quarkus upgrade renames it and both would run).
 * <p>
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
