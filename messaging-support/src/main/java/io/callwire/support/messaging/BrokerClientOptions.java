package io.callwire.support.messaging;

import org.eclipse.microprofile.config.Config;

import io.vertx.amqp.AmqpClientOptions;

/**
 * The options of a link a service opens itself through Vert.x's AMQP client ({@link LinkReceiver}, notifier-service's
 * receipts sender), read from the attributes the SmallRye connector's channels use too, so that one setting serves
 * every link of a service: {@code amqp-host}, {@code amqp-port}, {@code amqp-username}, {@code amqp-password},
 * {@code amqp-use-ssl}, {@code amqp-sni-server-name}, {@code amqp-virtual-host} and {@code amqp-connect-timeout}.
 *
 * <p>With {@code amqp-use-ssl} the broker's certificate must be trusted by the JVM's trust store (the
 * {@code javax.net.ssl.trustStore} system property, as for the connector) and name the host connected to
 * ({@code amqp-host}): a certificate of another host is refused.
 */
public final class BrokerClientOptions {

    private BrokerClientOptions() {
    }

    /** The client's options from the connector's global {@code amqp-*} attributes, with the connector's defaults. */
    public static AmqpClientOptions from(Config config) {
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
