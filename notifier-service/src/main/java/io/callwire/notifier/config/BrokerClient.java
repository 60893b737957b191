package io.callwire.notifier.config;

import org.eclipse.microprofile.config.Config;

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
 * revocations channel uses too, configured by the same global attributes the connector reads, so that one
 * setting serves every link of the service: {@code amqp-host}, {@code amqp-port}, {@code amqp-username},
 * {@code amqp-password}, {@code amqp-use-ssl}, {@code amqp-sni-server-name}, {@code amqp-virtual-host} and
 * {@code amqp-connect-timeout}. Reconnection is the links' own ({@code callwire.notifier.events.reconnect-interval}).
 *
 * <p>With {@code amqp-use-ssl} the broker's certificate must be trusted by the JVM's trust store (the
 * {@code javax.net.ssl.trustStore} system property, as for the connector) and name the host connected to
 * ({@code amqp-host}): a certificate of another host is refused.
 */
@ApplicationScoped
public class BrokerClient {

    @Produces
    @Singleton
    AmqpClient client(Vertx vertx, Config config) {
        return AmqpClient.create(vertx, options(config));
    }

    void close(@Disposes AmqpClient client) {
        client.close();
    }

    /** The client's options from the connector's global {@code amqp-*} attributes, with the connector's defaults. */
    public static AmqpClientOptions options(Config config) {
        AmqpClientOptions options = new AmqpClientOptions()
                .setHost(config.getOptionalValue("amqp-host", String.class).orElse("localhost"))
                .setPort(config.getOptionalValue("amqp-port", Integer.class).orElse(5672))
                .setUsername(config.getOptionalValue("amqp-username", String.class).orElse(null))
                .setPassword(config.getOptionalValue("amqp-password", String.class).orElse(null))
                .setConnectTimeout(config.getOptionalValue("amqp-connect-timeout", Integer.class).orElse(1000));
        config.getOptionalValue("amqp-virtual-host", String.class).ifPresent(options::setVirtualHost);
        config.getOptionalValue("amqp-sni-server-name", String.class).ifPresent(options::setSniServerName);
        // with TLS, Vert.x's AMQP client checks that the certificate names the host connected to (HTTPS rules)
        return options.setSsl(config.getOptionalValue("amqp-use-ssl", Boolean.class).orElse(false));
    }
}
