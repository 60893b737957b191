package io.callwire.notifier.config;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The AMQP client of the two links the service opens itself through Vert.x's AMQP client, events in
 * ({@code EventReceiver}) and receipts out ({@code ReceiptSender}), on the broker the SmallRye connector's
 * revocations channel uses too ({@code amqp-host}, {@code amqp-port}, {@code amqp-username},
 * {@code amqp-password}).
 */
@ApplicationScoped
public class BrokerClient {

    @Produces
    @Singleton
    AmqpClient client(Vertx vertx,
                      @ConfigProperty(name = "amqp-host", defaultValue = "localhost") String host,
                      @ConfigProperty(name = "amqp-port", defaultValue = "5672") int port,
                      @ConfigProperty(name = "amqp-username") Optional<String> username,
                      @ConfigProperty(name = "amqp-password") Optional<String> password) {
        return AmqpClient.create(vertx, new AmqpClientOptions().setHost(host).setPort(port)
                .setUsername(username.orElse(null)).setPassword(password.orElse(null)));
    }

    void close(@Disposes AmqpClient client) {
        client.close();
    }
}
