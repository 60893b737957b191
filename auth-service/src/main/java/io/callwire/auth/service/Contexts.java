package io.callwire.auth.service;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** Runs reactive work that nobody waits for (background reloads, relays) on a fresh Vert.x context. */
final class Contexts {

    private static final Logger LOG = Logger.getLogger(Contexts.class);

    private Contexts() {
    }

    /** Subscribes to {@code work} on a new duplicated context; failures are logged, never thrown. */
    static void runDetached(Vertx vertx, Supplier<Uni<Void>> work, String what) {
        var context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        // a fresh duplicated context belongs to this work alone: Hibernate Reactive may use it
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.get().subscribe().with(
                done -> { },
                failure -> LOG.warnf("%s failed: %s", what, failure.getMessage())));
    }
}
