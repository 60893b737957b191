package io.callwire.notifier.listener;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.support.AmqpBodies;
import io.callwire.support.security.RevocationRegistry;
import io.callwire.support.messaging.Settlement;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Feeds the security kit's revocation registry from {@code callwire.auth.revocations} (every
 * replica its own copy), so that a disabled, demoted or signed-out administrator's tokens stop
 * working on this service's REST API at once, not when they expire.
 */
@ApplicationScoped
@io.quarkus.runtime.annotations.RegisterForReflection(targets = RevocationMessage.class) // read by hand below
public class RevocationListener {

    /** Incoming: {@code callwire.auth.revocations}, every replica its own non-durable subscription. */
    public static final String CHANNEL = "revocations";

    private static final Logger LOG = Logger.getLogger(RevocationListener.class);

    private final ObjectMapper mapper;
    private final RevocationRegistry registry;

    public RevocationListener(ObjectMapper mapper, RevocationRegistry registry) {
        this.mapper = mapper;
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRevocation(Message<Object> message) {
        try {
            RevocationMessage revocation = mapper.readValue(AmqpBodies.bytes(message.getPayload()), RevocationMessage.class);
            if (registry.record(revocation)) {
                LOG.infof("revocation of %s (%s) recorded", revocation.subject(), revocation.reason());
            }
        } catch (java.io.IOException | IllegalArgumentException invalid) {
            LOG.warnf("invalid revocation message ignored: %s", invalid.getMessage());
        }
        return Uni.createFrom().completionStage(Settlement.ack(message));
    }
}
