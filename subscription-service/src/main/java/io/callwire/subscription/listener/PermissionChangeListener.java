package io.callwire.subscription.listener;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.support.AmqpBodies;
import io.callwire.support.messaging.Settlement;
import io.callwire.subscription.PermissionChange;
import io.callwire.subscription.endpoint.socketio.SocketIoServer;
import io.callwire.subscription.service.GrantCache;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.repository.GrantRepository;
import io.smallrye.mutiny.Uni;

/**
 * Consumes grant changes (every replica its own copy, including the one that made the change) and
 * drops the subscriptions of open connections that the organization's grants no longer allow.
 */
@ApplicationScoped
public class PermissionChangeListener {

    private static final Logger LOG = Logger.getLogger(PermissionChangeListener.class);

    private final ObjectMapper mapper;
    private final GrantRepository grants;
    private final RoutingService routing;
    private final SocketIoServer socketIo;
    private final GrantCache cache;

    public PermissionChangeListener(ObjectMapper mapper, GrantRepository grants, RoutingService routing, SocketIoServer socketIo,
                                    GrantCache cache) {
        this.socketIo = socketIo;
        this.cache = cache;
        this.mapper = mapper;
        this.grants = grants;
        this.routing = routing;
    }

    @Incoming(Channels.PERMISSION_CHANGES)
    public Uni<Void> onChange(Message<Object> message) {
        PermissionChange change;
        try {
            change = mapper.readValue(AmqpBodies.bytes(message.getPayload()), PermissionChange.class);
        } catch (java.io.IOException | IllegalArgumentException invalid) {
            LOG.warnf("invalid permission change ignored: %s", invalid.getMessage());
            return Uni.createFrom().completionStage(Settlement.ack(message));
        }
        if (change.organizationId() == null) {
            return Uni.createFrom().completionStage(Settlement.ack(message));
        }
        if (PermissionChange.ENTITY_DELETED.equals(change.change())) {
            if (change.entityId() != null) {
                routing.revokeEntity(change.organizationId(), change.entityId());
            }
            return Uni.createFrom().completionStage(Settlement.ack(message));
        }
        return grants.findByOrganization(change.organizationId())
                .invoke(current -> {
                    // before the re-evaluation bumps the organization's generation: a Subscribe decided
                    // again because of it reads these grants
                    cache.replace(change.organizationId(), current);
                    routing.reevaluate(change.organizationId(), current);
                    // Socket.IO streams see every event they may: a new grant adds to them
                    socketIo.regrant(change.organizationId());
                })
                .onItem().transformToUni(current -> Uni.createFrom().completionStage(Settlement.ack(message)))
                // the database is unreachable: let the broker redeliver rather than keep revoked subscriptions
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(Settlement.nack(message, failure)));
    }
}
