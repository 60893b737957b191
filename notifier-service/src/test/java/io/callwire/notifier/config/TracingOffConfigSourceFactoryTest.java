package io.callwire.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Which channels' tracing the SDK switch turns off, and that an explicit setting still wins (TracingOffTest: end to end). */
class TracingOffConfigSourceFactoryTest {

    private static final String DELIVERIES = "mp.messaging.outgoing.deliveries.tracing-enabled";
    private static final String EVENTS = "mp.messaging.incoming.events.tracing-enabled";

    private static SmallRyeConfig config(Map<String, String> applicationProperties, Map<String, String> environment) {
        Map<String, String> channels = new HashMap<>(applicationProperties);
        channels.put("mp.messaging.outgoing.deliveries.connector", "smallrye-amqp");
        channels.put("mp.messaging.incoming.events.connector", "smallrye-amqp");
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(channels, "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new TracingOffConfigSourceFactory())
                .build();
    }

    private static Optional<Boolean> tracing(SmallRyeConfig config, String key) {
        return config.getOptionalValue(key, Boolean.class);
    }

    @Test
    void theSdkOffTurnsEveryChannelsTracingOff() {
        SmallRyeConfig config = config(Map.of(), Map.of("quarkus.otel.sdk.disabled", "true"));
        assertThat(tracing(config, DELIVERIES)).contains(false);
        assertThat(tracing(config, EVENTS)).contains(false);
    }

    @Test
    void theSdkOnLeavesTheConnectorsDefault() {
        assertThat(tracing(config(Map.of(), Map.of()), DELIVERIES)).isEmpty();
        assertThat(tracing(config(Map.of(), Map.of("quarkus.otel.sdk.disabled", "false")), DELIVERIES)).isEmpty();
    }

    @Test
    void aChannelsOwnSettingWins() {
        SmallRyeConfig config = config(Map.of(DELIVERIES, "true"), Map.of("quarkus.otel.sdk.disabled", "true"));
        assertThat(tracing(config, DELIVERIES)).contains(true);
        assertThat(tracing(config, EVENTS)).contains(false);
    }
}
