package io.callwire.notifier.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Turns the messaging channels' tracing off with the OpenTelemetry SDK ({@code quarkus.otel.sdk.disabled=true}):
 * {@code mp.messaging.<direction>.<channel>.tracing-enabled=false} for every channel that names a connector.
 * The SDK switch alone does not reach them: Quarkus then still hands the SmallRye AMQP connector an
 * OpenTelemetry with the W3C propagator and a default tracer (sampled spans, recorded nowhere), so every
 * receipt on {@code callwire.deliveries} carried the {@code traceparent} of a span no backend would ever
 * see. Its ordinal is below {@code application.properties}: a channel's {@code tracing-enabled} set
 * anywhere still wins. Registered in {@code META-INF/services}; README, "Tracing".
 */
public class TracingOffConfigSourceFactory implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    /** Below application.properties (250) and the environment (300). */
    static final int ORDINAL = 200;
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue disabled = context.getValue(SDK_DISABLED);
        if (disabled == null || !"true".equalsIgnoreCase(disabled.getValue())) {
            return List.of();
        }
        Map<String, String> off = new HashMap<>();
        context.iterateNames().forEachRemaining(name -> {
            Matcher channel = CHANNEL.matcher(name);
            if (channel.matches()) {
                off.put("mp.messaging." + channel.group(1) + "." + channel.group(2) + ".tracing-enabled", "false");
            }
        });
        return List.of(new PropertiesConfigSource(off, "channel tracing off with the OpenTelemetry SDK", ORDINAL));
    }
}
