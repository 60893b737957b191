package io.callwire.subscription.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * queue id, then publishes a QueueStatus event of that queue every second until stopped. (Benchmarks
 * are in the {@code benchmarks} module: {@code ./bench/run.sh}.)
 */
public final class SmokeServer {

    public static void main(String[] args) throws Exception {
        int httpPort = FreePorts.next();
        Process service = startService(PostgresResource.jdbcUrl(), AmqpBrokerResource.port(),
                JwksResource.jwksUrl(), httpPort, 10);
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        awaitReady(base);
        UUID organization = UUID.randomUUID();
        UUID queue = registerQueue(base, organization);
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
                .withBufferAsBody(Buffer.buffer(event(organization, queue, System.nanoTime())
                        .getBytes(StandardCharsets.UTF_8))).build()));
        service.waitFor();
    }

    static String event(UUID organization, UUID queue, long sentAtNanos) {
        return "{\"RootEntityType\":\"Organization\",\"RootEntityId\":\"" + organization + "\",\"EventType\":\"QueueStatus\","
                + "\"EntityType\":\"Queue\",\"EntityId\":\"" + queue + "\",\"MessageTTLSeconds\":60,\"QueueId\":\"" + queue
                + "\",\"OrganizationId\":\"" + organization + "\",\"QueueName\":\"Sales\",\"NbrOfProviders\":12,"
                + "\"NbrOfRequesters\":3,\"NbrOfQueuingRequesters\":2,\"MaxWaitTime\":31,\"OpenStatus\":5,"
                + "\"SentAtNanos\":" + sentAtNanos + ",\"Id\":\"" + UUID.randomUUID() + "\",\"Timestamp\":\"" + Instant.now() + "\"}";
    }

    static Process startService(String jdbc, int brokerPort, String jwks, int httpPort, int connections)
            throws Exception {
        File jar = new File("target/quarkus-app/quarkus-run.jar");
        if (!jar.exists()) {
            throw new IllegalStateException("run ./mvnw -B -pl subscription-service -am package -DskipTests first");
        }
        String reactive = jdbc.replace("jdbc:", "");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                // -DserviceJfr=/tmp/x.jfr records a CPU profile of the service for the whole run
                System.getProperty("serviceJfr") == null ? "-Dbench=true"
                        : "-XX:StartFlightRecording=settings=profile,filename=" + System.getProperty("serviceJfr"),
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.datasource.jdbc.url=" + jdbc,
                "-Dquarkus.datasource.reactive.url=" + reactive,
                "-Dquarkus.datasource.username=" + PostgresResource.USERNAME,
                "-Dquarkus.datasource.password=" + PostgresResource.PASSWORD,
                "-Damqp-host=127.0.0.1", "-Damqp-port=" + brokerPort,
                "-Damqp-username=callwire", "-Damqp-password=callwire",
                "-Dmp.jwt.verify.publickey.location=" + jwks,
                "-Dmp.jwt.verify.issuer=" + TestTokens.ISSUER,
                "-Dcallwire.rte.connection-token-key=benchmark-only-connection-token-key-000000",
                // not ready until the revocations in force are loaded: the test stand-in plays auth-service
                "-Dcallwire.security.auth-service.url=" + io.callwire.testing.AuthServiceStandIn.url(),
                "-Dcallwire.security.auth-service.client-id=" + io.callwire.testing.AuthServiceStandIn.CLIENT_ID,
                "-Dcallwire.security.auth-service.client-secret=" + io.callwire.testing.AuthServiceStandIn.CLIENT_SECRET,
                "-Dcallwire.rte.max-connections-per-user=" + (connections + 1),
                "-Dquarkus.log.level=WARN",
                "-jar", jar.getAbsolutePath()));
        Path log = Files.createTempFile("subscription-service-bench", ".log");
        System.out.println("service log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitReady(URI base) {
        HttpClient http = HttpClient.newHttpClient();
        org.awaitility.Awaitility.await("service ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    static UUID registerQueue(URI base, UUID organization) throws Exception {
        UUID queue = UUID.randomUUID();
        String admin = TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/v1/entities"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"entityType\":\"Queue\",\"id\":\"" + queue + "\",\"name\":\"Bench\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("queue not registered: " + response.statusCode() + " " + response.body());
        }
        return queue;
    }
}
