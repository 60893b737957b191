package io.callwire.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Command line of the simulator: {@code java -jar simulator/target/simulator.jar --help}. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    /** Runs the simulator; exits with 0 when done, 1 when events were lost, 2 on bad options. */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s [%3$s] %5$s%6$s%n");
        }
        if (System.getProperty("io.netty.noUnsafe") == null) {
            // Netty's sun.misc.Unsafe use prints deprecation warnings on JDK 24+; a simulator does not need it
            System.setProperty("io.netty.noUnsafe", "true");
        }
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Parses the options and runs until the count or duration is reached (or forever, until the JVM
     * is stopped). Returns the exit code.
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        SimulatorArguments.Parsed parsed;
        try {
            parsed = SimulatorArguments.parse(args, env);
        } catch (SimulatorArguments.UsageException e) {
            err.println("simulator: " + e.getMessage());
            err.println("Try --help for the options.");
            return 2;
        }
        if (parsed.help()) {
            out.print(SimulatorArguments.USAGE);
            return 0;
        }
        SimulatorConfig config = parsed.config();
        Simulator simulator = Simulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean limited = config.maxEvents() > 0 || config.duration() != null;
        if (!limited) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
        while (!simulator.awaitCompletion(Duration.ofMinutes(1))) {
            // the simulator reports its progress itself
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // stopped by a signal: the hook is closing the simulator
            return 1;
        }
        simulator.close();
        SimulatorStats stats = simulator.stats();
        return stats.failed() > 0 || stats.accepted() == 0 ? 1 : 0;
    }
}
