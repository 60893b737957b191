package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker configuration of k8s/infrastructure/artemis, run: broker.xml is read (and validated
 * against Artemis's schema) by a real Artemis, with the users of artemis-roles.properties, and a
 * real AMQP 1.0 client checks the addresses, the notifier's queue and who may send and consume.
 */
class ArtemisBrokerConfigTest {

    private static final Path ARTEMIS = Repository.ROOT.resolve("k8s/infrastructure/artemis");
    private static final String PASSWORD = "test-only-password";

    @TempDir
    static Path data;
    private static EmbeddedActiveMQ broker;
    private static int port;
    private static Vertx vertx;

    @BeforeAll
    static void startBrokerFromTheKubernetesConfiguration() throws Exception {
        FileConfiguration configuration = new FileConfiguration();
        new FileDeploymentManager(ARTEMIS.resolve("broker.xml").toUri().toString()).addDeployable(configuration)
                .readConfiguration();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // only the listening address and the directories change; addresses, settings and security are the file's
        configuration.getAcceptorConfigurations().clear();
        configuration.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        configuration.setBrokerInstance(data.toFile());
        configuration.setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setJMXManagementEnabled(false);

        SecurityConfiguration users = new SecurityConfiguration();
        Properties roles = new Properties();
        try (var in = Files.newInputStream(ARTEMIS.resolve("artemis-roles.properties"))) {
            roles.load(in);
        }
        for (String role : roles.stringPropertyNames()) {
            for (String user : roles.getProperty(role).split(",")) {
                users.addUser(user.strip(), PASSWORD);
                users.addRole(user.strip(), role);
            }
        }
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void declaresTheCallwireAddressesTheNotifierQueueAndDeadLetterAndExpiry() {
        var server = broker.getActiveMQServer();
        for (String address : List.of("callwire.events", "callwire.auth.revocations", "callwire.permissions.changed",
                "callwire.deliveries")) {
            assertThat(server.getAddressInfo(SimpleString.of(address)).getRoutingTypes()).as(address)
                    .containsExactly(RoutingType.MULTICAST);
        }
        Queue notifier = server.locateQueue(SimpleString.of("notifier-service"));
        assertThat(notifier.getAddress().toString()).isEqualTo("callwire.events");
        assertThat(notifier.isDurable()).isTrue();
        assertThat(notifier.isGroupRebalance()).isTrue();
        assertThat(notifier.getGroupBuckets()).isEqualTo(64);
        assertThat(server.locateQueue(SimpleString.of("callwire.dead-letter"))).isNotNull();
        assertThat(server.locateQueue(SimpleString.of("callwire.expired"))).isNotNull();
        var settings = server.getAddressSettingsRepository().getMatch("callwire.events");
        assertThat(settings.getDeadLetterAddress().toString()).isEqualTo("callwire.dead-letter");
        assertThat(settings.getExpiryAddress().toString()).isEqualTo("callwire.expired");
    }

    @Test
    void eachServiceSendsAndConsumesOnlyWhatItShould() throws Exception {
        AmqpConnection subscription = connect("subscription-service");
        AmqpConnection notifier = connect("notifier-service");
        AmqpConnection simulator = connect("simulator");
        AmqpConnection auth = connect("auth-service");
        try {
            // the events reach a subscription-service replica (own subscription) and the notifier's shared queue
            LinkedBlockingQueue<String> replica = receive(subscription, "callwire.events", true);
            LinkedBlockingQueue<String> shared = receive(notifier, "callwire.events::notifier-service", true);
            send(simulator, "callwire.events", "{\"Id\":\"e1\"}");
            assertThat(replica.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"Id\":\"e1\"}");
            assertThat(shared.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"Id\":\"e1\"}");

            // revocations: auth-service publishes, subscription-service reads
            LinkedBlockingQueue<String> revocations = receive(subscription, "callwire.auth.revocations", true);
            send(auth, "callwire.auth.revocations", "{\"subject\":\"u1\"}");
            assertThat(revocations.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"subject\":\"u1\"}");

            // and nobody else
            assertThatThrownBy(() -> send(subscription, "callwire.events", "{}")).hasMessageContaining("permission");
            assertThatThrownBy(() -> send(notifier, "callwire.auth.revocations", "{}")).hasMessageContaining("permission");
            assertThatThrownBy(() -> send(simulator, "callwire.deliveries", "{}")).hasMessageContaining("permission");
            assertThatThrownBy(() -> receive(notifier, "callwire.auth.revocations", true)).hasMessageContaining("permission");
            assertThatThrownBy(() -> receive(auth, "callwire.events", true)).hasMessageContaining("permission");
            assertThatThrownBy(() -> connect("nobody")).isNotNull();
        } finally {
            for (AmqpConnection connection : List.of(subscription, notifier, simulator, auth)) {
                await(connection.close());
            }
        }
    }

    private static AmqpConnection connect(String user) throws Exception {
        return await(AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port)
                .setUsername(user).setPassword(PASSWORD)).connect());
    }

    private static void send(AmqpConnection connection, String address, String body) throws Exception {
        AmqpSender sender = await(connection.createSender(address));
        try {
            await(sender.sendWithAck(AmqpMessage.create().address(address).withBody(body).build()));
        } finally {
            sender.close(closed -> { });
        }
    }

    private static LinkedBlockingQueue<String> receive(AmqpConnection connection, String address, boolean topic)
            throws Exception {
        LinkedBlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        AmqpReceiverOptions options = new AmqpReceiverOptions();
        if (topic) {
            options.setCapabilities(List.of("topic"));
        }
        AmqpReceiver receiver = await(connection.createReceiver(address, options));
        receiver.handler(message -> bodies.add(message.bodyAsString()));
        return bodies;
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? new IOException(cause.getMessage(), cause) : e;
        }
    }
}
