package io.callwire.subscription.listener;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.support.AmqpBodies;
import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.security.RevocationRegistry;
import io.callwire.support.security.RevocationsLearnt;
import io.callwire.support.messaging.Settlement;
import io.smallrye.mutiny.Uni;

/**
 * Consumes auth-service's revocations: remembers them (later connects with those tokens get 401)
 * and closes the open connections they cover with {@code Token revoked}. Those that AMQP did not
 * deliver (made before this replica started, or missed) come from the security kit's loader of
 * auth-service's list, already recorded, as {@link RevocationsLearnt}: their connections are closed too.
 */
@ApplicationScoped
public class RevocationListener {

    private static final Logger LOG = Logger.getLogger(RevocationListener.class);

    private final ObjectMapper mapper;
    private final RevocationRegistry registry;
    private final RoutingService routing;

    public RevocationListener(ObjectMapper mapper, RevocationRegistry registry, RoutingService routing) {
        this.mapper = mapper;
        this.registry = registry;
        this.routing = routing;
    }

    @Incoming(Channels.REVOCATIONS)
    public Uni<Void> onRevocation(Message<Object> message) {
        RevocationMessage revocation;
        try {
            revocation = mapper.readValue(AmqpBodies.bytes(message.getPayload()), RevocationMessage.class);
        } catch (java.io.IOException | IllegalArgumentException invalid) {
            LOG.warnf("invalid revocation message ignored: %s", invalid.getMessage());
            return Uni.createFrom().completionStage(Settlement.ack(message));
        }
        if (revocation.subject() == null) {
            LOG.warn("revocation without subject ignored");
            return Uni.createFrom().completionStage(Settlement.ack(message));
        }
        registry.record(revocation);
        LOG.infof("revocation of %s (%s): closing its connections", revocation.subject(), revocation.reason());
        routing.revoke(revocation.subject(), caller -> registry.covers(revocation, caller));
        return Uni.createFrom().completionStage(Settlement.ack(message));
    }

    /** Revocations the security kit's loader learnt from auth-service's list: closes the connections they cover. */
    void onLearnt(@Observes RevocationsLearnt learnt) {
        for (RevocationMessage revocation : learnt.revocations()) {
            routing.revoke(revocation.subject(), caller -> registry.covers(revocation, caller));
        }
    }
}
