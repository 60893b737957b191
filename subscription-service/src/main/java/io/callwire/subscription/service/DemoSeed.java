package io.callwire.subscription.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.callwire.subscription.config.RteConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The local run's demo data ({@code demo/demo-grants.sql}): the demo queues and agents, granted to
 * {@code supervisor@demo.test}. Applied at start-up when {@code callwire.rte.seed-demo} is true (the
 * {@code local} and {@code dev} profiles only), after the migrations. A run-time switch rather than a
 * Flyway location, because Flyway's locations are fixed when the jar is built: the jar that
 * {@code ./run-local.sh} starts is the production one.
 */
@ApplicationScoped
public class DemoSeed {

    static final String RESOURCE = "demo/demo-grants.sql";
    private static final Logger LOG = Logger.getLogger(DemoSeed.class);

    private final Pool pool;
    private final boolean enabled;

    public DemoSeed(Pool pool, RteConfig config) {
        this.pool = pool;
        this.enabled = config.seedDemo();
    }

    void onStart(@Observes StartupEvent started) {
        if (enabled) {
            seed().await().atMost(Duration.ofSeconds(30));
            LOG.info("demo grants for supervisor@demo.test present (callwire.rte.seed-demo)");
        }
    }

    /** Runs every statement of the demo script, in order; each may run again without effect. */
    public Uni<Void> seed() {
        return Multi.createFrom().iterable(statements())
                .onItem().transformToUniAndConcatenate(statement -> pool.query(statement).execute())
                .collect().last().replaceWithVoid();
    }

    static List<String> statements() {
        try (InputStream in = DemoSeed.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return Arrays.stream(script.split(";")).filter(statement -> !statement.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
