package io.callwire.notifier.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.messaging.Addresses;
import io.callwire.notifier.listener.Channels;
import io.callwire.notifier.repository.DeliveryRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes delivery receipts from the outbox table on {@code callwire.deliveries}. A receipt leaves
 * the table only in the transaction that saw the broker accept it, so none is lost when the broker
 * or this replica goes down (some may be published twice).
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final MutinyEmitter<byte[]> emitter;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean running;
    private long timer = -1;

    public OutboxPublisher(Pool pool, DeliveryRepository deliveries,
                           @Channel(Channels.DELIVERIES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * BATCH)
                           MutinyEmitter<byte[]> emitter, ObjectMapper mapper, Vertx vertx) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.emitter = emitter;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        timer = vertx.setPeriodic(1000, id -> wakeUp());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Publishes what the outbox holds now. */
    public void wakeUp() {
        if (!running) {
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        pool.withTransaction(client -> deliveries.takeReceipts(client, BATCH)
                        .chain(receipts -> publish(receipts).replaceWith(receipts.size())))
                .subscribe().with(count -> {
                    busy.set(false);
                    if (count == BATCH || again.get()) {
                        vertx.runOnContext(this::wakeUp);
                    }
                }, failure -> {
                    busy.set(false);
                    LOG.debugf("publishing delivery receipts failed, kept for later: %s", failure.getMessage());
                });
    }

    private Uni<Void> publish(List<String> receipts) {
        if (receipts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>(receipts.size());
        for (String receipt : receipts) {
            JsonObject properties = new JsonObject();
            try {
                JsonNode json = mapper.readTree(receipt);
                properties.put(Addresses.PROPERTY_EVENT_TYPE, json.path("eventType").asText())
                        .put(Addresses.PROPERTY_ORGANIZATION_ID, json.path("organizationId").asText());
            } catch (Exception e) {
                // a receipt is always our own JSON; without properties it is still delivered
            }
            OutgoingAmqpMetadata metadata = OutgoingAmqpMetadata.builder()
                    .withContentType(Addresses.CONTENT_TYPE_JSON)
                    .withDurable(true)
                    .withApplicationProperties(properties)
                    .build();
            sends.add(emitter.sendMessage(Message.of(receipt.getBytes(StandardCharsets.UTF_8)).addMetadata(metadata)));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
