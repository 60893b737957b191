package io.callwire.admin.listener;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.callwire.admin.service.EventRates;
import io.callwire.contract.messaging.Addresses;
import io.callwire.support.messaging.Settlement;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.smallrye.mutiny.Uni;

/**
 * Counts the events of {@code callwire.events} per organization for the dashboard's events per second.
 * Reads only the {@code OrganizationId} application property, never the body; a non-durable subscription
 * of its own, so a console that is down keeps nothing back on the broker.
 */
@ApplicationScoped
public class EventCounter {

    public static final String CHANNEL = "events";

    private final EventRates rates;

    public EventCounter(EventRates rates) {
        this.rates = rates;
    }

    @Incoming(CHANNEL)
    public Uni<Void> count(Message<Object> message) {
        message.getMetadata(IncomingAmqpMetadata.class)
                .map(metadata -> metadata.getProperties().getString(Addresses.PROPERTY_ORGANIZATION_ID))
                .ifPresent(organization -> {
                    try {
                        rates.count(UUID.fromString(organization));
                    } catch (IllegalArgumentException ignored) {
                        // not a GUID: subscription-service logs invalid events; the console just does not count it
                    }
                });
        return Uni.createFrom().completionStage(Settlement.ack(message));
    }
}
