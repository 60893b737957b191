package io.callwire.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The benchmark harness behind {@code ./bench/run.sh}: runs one scenario (or all) for a bounded time
 * and writes its JSON, Markdown report and chart under the results directory, and summary.json.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar fanout|webhooks|tokens|footprint|all|soak [--scale=smoke] [--key=value ...]</pre>
 */
public final class BenchMain {

    static final List<String> SCENARIOS = List.of("fanout", "webhooks", "tokens", "footprint");
    /** Run only when named: not part of {@code all}. */
    static final List<String> ON_DEMAND = List.of("soak");

    /** Held: java.util.logging keeps loggers weakly, and a collected one would lose its level. */
    private static final java.util.logging.Logger ROOT_LOGGER = java.util.logging.Logger.getLogger("");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // JBoss LogManager without a configuration file leaves the root logger at ALL: every library in this
        // JVM, the embedded broker above all, then formats its TRACE and DEBUG messages (AMQP frames as hex)
        // that no handler prints: 40 % of the broker's CPU samples in a fan-out run, charged to every figure
        ROOT_LOGGER.setLevel(java.util.logging.Level.INFO);
        Options options;
        try {
            options = Options.parse(args);
            if (!options.scenario().equals("all") && !SCENARIOS.contains(options.scenario())
                    && !ON_DEMAND.contains(options.scenario())) {
                throw new IllegalArgumentException("unknown scenario " + options.scenario() + "; one of " + SCENARIOS + ", "
                        + ON_DEMAND + " or all");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of(options.string("root", ".", ".")).toAbsolutePath().normalize();
        Path results = Path.of(options.string("results", root.resolve("bench/results").toString(), root.resolve("bench/results").toString()));
        Path work = Files.createDirectories(Path.of(options.string("work", root.resolve("bench/.work").toString(),
                root.resolve("bench/.work").toString())));
        String commit = options.string("commit", "unknown", "unknown");
        Machine machine = Machine.current();
        ReportWriter writer = new ReportWriter(results);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(machine.cores()).setPreferNativeTransport(true));
        int failures = 0;
        try {
            for (String scenario : options.scenario().equals("all") ? SCENARIOS : List.of(options.scenario())) {
                String loadBefore = Machine.loadAverage();
                String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                // before anything of the scenario starts, so that it measures the machine, not the harness; the warm-up
                // lets the JIT compile the signing code (1 s of a cold JVM read less than half the steady rate)
                SpeedReference.Result speed = SpeedReference.measure(machine.cores(), 5, 5);
                System.out.printf("%n=== %s — commit %s, %s, load average %s, speed reference %s%s%n", scenario, commit,
                        machine.describe(), loadBefore, speed.describe(), options.smoke() ? " (SMOKE: small scale)" : "");
                Context context = new Context(options, root, work, vertx);
                try {
                    ScenarioResult result = switch (scenario) {
                        case "fanout" -> new FanOutScenario(context).run();
                        case "webhooks" -> new WebhookScenario(context).run();
                        case "tokens" -> new TokenScenario(context).run();
                        case "footprint" -> new FootprintScenario(context).run();
                        case "soak" -> new SoakScenario(context).run();
                        default -> throw new IllegalStateException(scenario);
                    };
                    String loadAfter = Machine.loadAverage();
                    writer.write(result, new ReportWriter.Conditions(commit, machine, at, loadBefore, loadAfter,
                            speed.perSecond(), options.smoke()));
                    System.out.printf("=== %s done; %s; load average %s; results in %s%n", scenario, machine.describe(), loadAfter, results);
                    if (result.failure != null) {
                        failures++;
                        System.err.printf("=== %s FAILED: %s%n", scenario, result.failure);
                    }
                } catch (Exception e) {
                    failures++;
                    System.err.printf("=== %s FAILED: %s%n", scenario, e);
                    e.printStackTrace();
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
