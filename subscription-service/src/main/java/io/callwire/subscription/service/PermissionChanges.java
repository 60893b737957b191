package io.callwire.subscription.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.messaging.Addresses;
import io.callwire.subscription.PermissionChange;
import io.callwire.subscription.listener.Channels;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;

/**
 * Announces committed grant and entity changes on {@code callwire.permissions.changed}, so that
 * every replica (this one included) drops the subscriptions they no longer allow.
 */
@ApplicationScoped
public class PermissionChanges {

    private final MutinyEmitter<byte[]> emitter;
    private final ObjectMapper mapper;

    public PermissionChanges(@Channel(Channels.PERMISSION_CHANGES_OUT) MutinyEmitter<byte[]> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Publishes a change; completes when the broker has accepted it. */
    public Uni<Void> publish(PermissionChange change) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        OutgoingAmqpMetadata metadata = OutgoingAmqpMetadata.builder()
                .withContentType(Addresses.CONTENT_TYPE_JSON)
                .withApplicationProperty(Addresses.PROPERTY_ORGANIZATION_ID, change.organizationId().toString())
                .build();
        return emitter.sendMessage(Message.of(body).addMetadata(metadata));
    }
}
