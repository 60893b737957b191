package io.callwire.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: footprint. Each service started from its packaged jar (JVM mode, local profile, as
 * {@code ./run-local.sh} runs it, with the JVM's default heap sizing) one after the other: the time
 * from process start to {@code /q/health/ready}, then the resident set of each once all are up and
 * have idled for a while.
 */
final class FootprintScenario {

    private static final List<String> SERVICES = List.of("auth-service", "subscription-service", "notifier-service", "admin-ui");

    private final Context context;
    private final ScenarioResult result = new ScenarioResult("footprint", "Footprint (JVM mode)");
    private final int idleSeconds;

    FootprintScenario(Context context) {
        this.context = context;
        this.idleSeconds = context.options().integer("idle", 30, 10);
    }

    ScenarioResult run() throws Exception {
        Map<String, Long> ready = new LinkedHashMap<>();
        List<QuarkusService> started = new ArrayList<>();
        try (Infrastructure infrastructure = Infrastructure.start(context.work())) {
            Map<String, String> environment = new HashMap<>();
            for (String module : SERVICES) {
                if (!Files.isRegularFile(context.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar"))) {
                    result.note(module + " is not packaged; skipped.");
                    continue;
                }
                List<String> properties = new ArrayList<>(List.of("-Dquarkus.profile=local"));
                String database = switch (module) {
                    case "auth-service" -> "callwire_auth";
                    case "subscription-service" -> "callwire_subscription";
                    case "notifier-service" -> "callwire_notifier";
                    default -> null;
                };
                properties.addAll(database == null ? infrastructure.amqpProperties()
                        : infrastructure.serviceProperties(database));
                QuarkusService service = QuarkusService.start(context.root(), module, properties, environment, context.work());
                started.add(service);
                long millis = service.awaitReady(Duration.ofSeconds(180));
                ready.put(module, millis);
                System.out.printf("  %s ready in %d ms%n", module, millis);
                if (module.equals("auth-service")) {
                    // what the local launcher tells every service about auth-service
                    String auth = service.url();
                    environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", auth + "/.well-known/jwks.json");
                    environment.put("MP_JWT_VERIFY_ISSUER", "http://localhost:8081");
                    environment.put("CALLWIRE_AUTH_URL", auth);
                }
            }
            System.out.printf("  idling %d s ...%n", idleSeconds);
            Context.sleep(idleSeconds * 1000L);
            for (QuarkusService service : started) {
                double rssMb = Machine.rssKb(service.pid()) / 1024.0;
                Long millis = ready.get(service.name());
                result.row(new Row("callwire", service.name(), Double.NaN, Double.NaN, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        String.format("ready in %d ms; idle RSS %.0f MB", millis, rssMb)));
                result.figure(service.name() + ": startup to ready", "ms", millis == null ? null : millis.doubleValue(), null, null, null);
                result.figure(service.name() + ": idle resident memory", "MB", rssMb, null, null, null);
            }
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
        result.note("Services started one after the other (each alone in its start-up), JVM mode, default heap sizing, local profile; "
                + "startup is from process start to the first 200 of /q/health/ready (database migrated, broker connected).");
        result.note("Idle RSS is read after all services idled " + idleSeconds + " s with no traffic.");
        return result;
    }
}
