package io.callwire.launcher;

import org.jboss.logging.Logger;

import io.callwire.simulator.Simulator;
import io.callwire.simulator.SimulatorConfig;

/** The simulator's traffic for the demo organization, published to the local broker. */
final class DemoTraffic {

    private DemoTraffic() {
    }

    static AutoCloseable start(LauncherOptions options) {
        SimulatorConfig config = SimulatorConfig.builder()
                .host("127.0.0.1")
                .port(options.amqpPort())
                .demo(true)
                .rate(options.simulatorRate())
                // a new seed per run, so that call ids differ from the last run's
                .seed(System.nanoTime())
                .build();
        Logger.getLogger(DemoTraffic.class).infof("Starting the simulator: %s", config);
        return Simulator.start(config);
    }
}
