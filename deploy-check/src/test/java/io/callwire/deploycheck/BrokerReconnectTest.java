package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every AMQP channel of every service keeps reconnecting while the broker is away. SmallRye's AMQP
 * connector gives up after 100 attempts 10 s apart by default: a broker outage of ~17 minutes would
 * leave a replica ready-looking but deaf until it is restarted (found by the fault suite's review).
 * An incoming channel also re-attaches its receiver at most {@code retry-on-fail-attempts} times in
 * the life of the process (6 by default, whatever {@code reconnect-attempts} says): the seventh broker
 * restart left notifier- and subscription-service deaf (fault-suite's BrokerRestartTest), and the console's
 * events per second at zero (admin-ui was not in this list then; its BrokerRestartsTest).
 */
class BrokerReconnectTest {

    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([\\w-]+)\\.connector");

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "subscription-service", "notifier-service", "admin-ui"})
    void everyAmqpChannelReconnectsWithoutGivingUp(String module) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Repository.ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        List<String> channels = new ArrayList<>();
        List<String> givingUp = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher channel = CHANNEL.matcher(key);
            if (channel.matches() && "smallrye-amqp".equals(properties.getProperty(key))) {
                String prefix = "mp.messaging." + channel.group(1) + "." + channel.group(2);
                channels.add(prefix);
                String attempts = properties.getProperty(prefix + ".reconnect-attempts", "100");
                String interval = properties.getProperty(prefix + ".reconnect-interval", "10");
                if (Long.parseLong(attempts) < Integer.MAX_VALUE || Long.parseLong(interval) > 5) {
                    givingUp.add(prefix + " (attempts " + attempts + ", interval " + interval + " s)");
                }
                if ("incoming".equals(channel.group(1))) {
                    String reattach = properties.getProperty(prefix + ".retry-on-fail-attempts", "6");
                    String reattachInterval = properties.getProperty(prefix + ".retry-on-fail-interval", "5");
                    if (Long.parseLong(reattach) < Integer.MAX_VALUE || Long.parseLong(reattachInterval) > 5) {
                        givingUp.add(prefix + " (receiver re-attached at most " + reattach + " times, up to "
                                + reattachInterval + " s apart)");
                    }
                }
            }
        }
        assertThat(channels).as("AMQP channels of " + module).isNotEmpty();
        assertThat(givingUp).as("channels that stop reconnecting or wait long between attempts").isEmpty();
    }
}
