package io.callwire.subscription.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.security.Roles;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.FreePorts;
import io.callwire.testing.JwksResource;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.TestTokens;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Runs the packaged service on embedded PostgreSQL and Artemis for trying other SignalR clients by
 * hand (for example the JavaScript client in Node): prints the hub URL, an org-admin token and a
 * queue id, then publishes a QueueStatus event of that queue every second until stopped.
 */
public final class SmokeServer {

    public static void main(String[] args) throws Exception {
        int httpPort = FreePorts.next();
        Process service = FanOutBenchmark.startService(PostgresResource.jdbcUrl(), AmqpBrokerResource.port(),
                JwksResource.jwksUrl(), httpPort, 10);
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        FanOutBenchmark.awaitReady(base);
        UUID organization = UUID.randomUUID();
        UUID queue = FanOutBenchmark.registerQueue(base, organization);
        String token = TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        System.out.println("HUB=" + base.resolve("/rte"));
        System.out.println("TOKEN=" + token);
        System.out.println("QUEUE=" + queue);
        System.out.flush();
        Vertx vertx = Vertx.vertx();
        AmqpConnection connection = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1")
                        .setPort(AmqpBrokerResource.port()).setUsername("callwire").setPassword("callwire"))
                .connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        AmqpSender sender = connection.createSender(Addresses.EVENTS).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        vertx.setPeriodic(1000, id -> sender.send(AmqpMessage.create().address(Addresses.EVENTS)
                .contentType(Addresses.CONTENT_TYPE_JSON)
                .withBufferAsBody(Buffer.buffer(FanOutBenchmark.event(organization, queue, System.nanoTime())
                        .getBytes(StandardCharsets.UTF_8))).build()));
        service.waitFor();
    }
}
