package io.callwire.notifier.config;

import org.eclipse.microprofile.config.Config;

import io.callwire.support.messaging.BrokerClientOptions;
import io.vertx.amqp.AmqpClient;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The AMQP client of the two links the service opens itself through Vert.x's AMQP client, events in
 * ({@code EventReceiver}) and receipts out ({@code ReceiptSender}), on the broker the SmallRye connector's
 * revocations channel uses too, configured by the same global {@code amqp-*} attributes ({@link BrokerClientOptions}).
 */
@ApplicationScoped
public class BrokerClient {

    @Produces
    @Singleton
    AmqpClient client(Vertx vertx, Config config) {
        return AmqpClient.create(vertx, BrokerClientOptions.from(config));
    }

    void close(@Disposes AmqpClient client) {
        client.close();
    }
}
