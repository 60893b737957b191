package io.callwire.subscription.endpoint;

import java.util.function.BooleanSupplier;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses {@code /rte} requests with 503 until the revocations in force have been loaded from
 * auth-service. Readiness already keeps the Kubernetes Service away from such a replica, but a
 * client that reaches the pod directly would otherwise be accepted with a token revoked before the
 * replica started. Runs first on the route, before any token work: one volatile read per request.
 */
final class StartupGate implements Handler<RoutingContext> {

    /** Seconds a refused client is asked to wait: the first load is retried after 1, 2, 4 … s. */
    static final int RETRY_AFTER_SECONDS = 5;
    static final String DETAIL = "The service is starting: the revocations in force are not loaded from auth-service yet; retry later";

    private final BooleanSupplier revocationsLoaded;

    StartupGate(BooleanSupplier revocationsLoaded) {
        this.revocationsLoaded = revocationsLoaded;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (revocationsLoaded.getAsBoolean()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        ctx.request().resume();
        Problems.send(ctx.request(), 503, DETAIL);
    }
}
