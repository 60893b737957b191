package io.callwire.admin.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.FreePorts;
import io.callwire.testing.PackagedService;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real services for the console's tests: the packaged auth-service, subscription-service and
 * notifier-service jars of this build ({@code <module>/target/quarkus-app/quarkus-run.jar}) started as
 * processes with the {@code local} profile (demo tenant seeded, local-only keys), against the embedded
 * PostgreSQL (one database each) and the embedded AMQP broker of test-fixtures. Started once for the
 * whole test run by test-fixtures' {@link PackagedService}; their output goes to {@code target/service-logs/}.
 */
public class Services implements QuarkusTestResourceLifecycleManager {

    /** The demo tenant the local profile seeds (auth-service README). */
    public static final UUID DEMO_ORGANIZATION = UUID.fromString("6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f");
    public static final String ADMIN = "admin@demo.test";
    public static final String PLATFORM_ADMIN = "root@callwire.test";
    public static final String PASSWORD = "demo";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final List<PackagedService> processes = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            int pgPort = PostgresResource.server().getPort();
            int amqpPort = AmqpBrokerResource.port();
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String service : List.of("auth-service", "subscription-service", "notifier-service")) {
                ports.put(service, FreePorts.next());
            }
            // the console's own port is chosen here: subscription-service must allow its origin (CORS
            // applies to the browser's WebSocket upgrade too)
            int consolePort = FreePorts.next();
            String authUrl = "http://localhost:" + ports.get("auth-service");
            String subscriptionUrl = "http://localhost:" + ports.get("subscription-service");
            String notifierUrl = "http://localhost:" + ports.get("notifier-service");
            for (var service : ports.entrySet()) {
                Map<String, String> environment = new HashMap<>();
                environment.put("AMQP_HOST", AmqpBrokerResource.host());
                environment.put("AMQP_PORT", String.valueOf(amqpPort));
                environment.put("AMQP_USERNAME", "callwire");
                environment.put("AMQP_PASSWORD", "callwire");
                environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", authUrl + "/.well-known/jwks.json");
                environment.put("MP_JWT_VERIFY_ISSUER", authUrl);
                environment.put("CALLWIRE_AUTH_URL", authUrl);
                environment.put("CALLWIRE_AUTH_ISSUER", authUrl);
                environment.put("CALLWIRE_AUTH_RTE_WSS_ENDPOINT", subscriptionUrl.replace("http://", "ws://") + "/rte");
                environment.put("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:" + consolePort);
                String database = "callwire_" + service.getKey().replace("-service", "");
                PostgresResource.createDatabase(database);
                String address = "localhost:" + pgPort + "/" + database;
                environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + address);
                environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + address);
                environment.put("QUARKUS_DATASOURCE_USERNAME", PostgresResource.USERNAME);
                environment.put("QUARKUS_DATASOURCE_PASSWORD", PostgresResource.PASSWORD);
                environment.put("QUARKUS_LOG_CATEGORY__ORG_APACHE_ACTIVEMQ_AUDIT__LEVEL", "WARN");
                processes.add(PackagedService.of(service.getKey()).port(service.getValue())
                        .property("quarkus.profile", "local")
                        .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1")
                        .environment(environment)
                        .readyTimeout(READY_TIMEOUT)
                        .build().startProcess());
            }
            // started together, then awaited: they start in parallel
            processes.forEach(PackagedService::awaitReady);
            Map<String, String> config = new HashMap<>();
            config.put("callwire.auth-url", authUrl);
            config.put("callwire.subscription-url", subscriptionUrl);
            config.put("callwire.notifier-url", notifierUrl);
            config.put("quarkus.http.test-port", String.valueOf(consolePort));
            System.setProperty("quarkus.http.test-port", String.valueOf(consolePort));
            config.putAll(new AmqpBrokerResource().start());
            return config;
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("the services did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        processes.forEach(PackagedService::stop);
        processes.clear();
    }
}
