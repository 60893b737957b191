package io.callwire.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.callwire.embedded.EmbeddedBroker;
import io.callwire.testing.FreePorts;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;

/**
 * The connection settings of the links a service opens itself ({@link LinkReceiver}, notifier-service's receipts) are
 * the SmallRye connector's global {@code amqp-*}
 * attributes: an operator who turns TLS on for the broker with {@code amqp-use-ssl} gets it on those links
 * too, against a real Artemis listening only over TLS, and a certificate naming another host
 * is refused.
 */
class BrokerClientOptionsTest {

    private static final String PASSWORD = "test-only-keystore";

    @TempDir
    Path directory;
    private Vertx vertx;
    private EmbeddedBroker broker;
    private int tlsPort;
    private AmqpClient client;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close().toCompletionStage().toCompletableFuture().join();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theConnectorsAttributesConfigureTheClient() {
        AmqpClientOptions options = BrokerClientOptions.from(config(Map.of("amqp-host", "broker.internal", "amqp-port", "5671",
                "amqp-username", "notifier", "amqp-password", "secret", "amqp-virtual-host", "callwire",
                "amqp-sni-server-name", "amqp.example", "amqp-connect-timeout", "2500")));

        assertThat(options.getHost()).isEqualTo("broker.internal");
        assertThat(options.getPort()).isEqualTo(5671);
        assertThat(options.getUsername()).isEqualTo("notifier");
        assertThat(options.getPassword()).isEqualTo("secret");
        assertThat(options.getVirtualHost()).isEqualTo("callwire");
        assertThat(options.getSniServerName()).isEqualTo("amqp.example");
        assertThat(options.getConnectTimeout()).isEqualTo(2500);
        assertThat(options.isSsl()).as("TLS only when amqp-use-ssl says so, as for the connector").isFalse();

        AmqpClientOptions defaults = BrokerClientOptions.from(config(Map.of()));
        assertThat(defaults.getHost()).isEqualTo("localhost");
        assertThat(defaults.getPort()).isEqualTo(5672);
        assertThat(defaults.getConnectTimeout()).as("the connector's default").isEqualTo(1000);
    }

    @Test
    void withAmqpUseSslMessagesGoThroughABrokerThatSpeaksOnlyTls() throws Exception {
        Path pem = startBrokerWithCertificateFor("ip:127.0.0.1,dns:localhost");

        client = AmqpClient.create(vertx, trusting(pem, BrokerClientOptions.from(tlsConfig(true))));
        var receiver = join(client.createReceiver("tls-check"));
        CompletableFuture<String> received = new CompletableFuture<>();
        receiver.handler(message -> received.complete(message.bodyAsString()));
        var sender = join(client.createSender("tls-check"));
        join(sender.sendWithAck(AmqpMessage.create().withBody("over TLS").build()));

        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("over TLS");
    }

    @Test
    void withoutAmqpUseSslTheClientDoesNotSpeakTls() throws Exception {
        Path pem = startBrokerWithCertificateFor("ip:127.0.0.1,dns:localhost");

        client = AmqpClient.create(vertx, trusting(pem, BrokerClientOptions.from(tlsConfig(false))));

        assertThatThrownBy(() -> join(client.connect())).as("plain AMQP to the TLS-only acceptor").isNotNull();
    }

    @Test
    void aTrustedCertificateOfAnotherHostIsRefused() throws Exception {
        Path pem = startBrokerWithCertificateFor("dns:broker.elsewhere.example");

        client = AmqpClient.create(vertx, trusting(pem, BrokerClientOptions.from(tlsConfig(true))));

        assertThatThrownBy(() -> join(client.connect())).hasCauseInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessage("No subject alternative names matching IP address 127.0.0.1 found");
    }

    /** Starts the broker with a TLS acceptor whose self-signed certificate names {@code subjectAlternativeNames}; returns the certificate (PEM). */
    private Path startBrokerWithCertificateFor(String subjectAlternativeNames) throws Exception {
        Path keyStore = directory.resolve("broker.p12");
        Path pem = directory.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=callwire test broker",
                "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        tlsPort = FreePorts.next();
        broker = EmbeddedBroker.start("tls-broker", FreePorts.next(), directory.resolve("journal"),
                new EmbeddedBroker.Tls(tlsPort, keyStore, PASSWORD));
        return pem;
    }

    private Config tlsConfig(boolean useSsl) {
        Map<String, String> settings = new HashMap<>();
        settings.put("amqp-host", "127.0.0.1");
        settings.put("amqp-port", Integer.toString(tlsPort));
        settings.put("amqp-use-ssl", Boolean.toString(useSsl));
        return config(settings);
    }

    /** The JVM's trust store in production; here only this test's certificate. */
    private static AmqpClientOptions trusting(Path pem, AmqpClientOptions options) {
        options.setPemTrustOptions(new PemTrustOptions().addCertPath(pem.toString()));
        return options;
    }

    private static Config config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(settings, "test", 500)).build();
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", arguments[0], output).isZero();
    }

    private static <T> T join(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
