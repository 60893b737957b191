package io.callwire.support.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.callwire.support.rest.Problems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Until {@link RevocationSync} has loaded the revocations in force, a request carrying a bearer
 * token is answered 503 problem+json with {@code Retry-After}, before authentication. Readiness keeps
 * the Kubernetes Service away from such a replica, but a client reaching the pod directly would
 * otherwise be accepted with a token revoked before the replica started. Does nothing in services
 * without the loader (auth-service); health endpoints are never gated.
 */
@ApplicationScoped
public class StartupGateFilter {

    /** Seconds a refused client is asked to wait: the first load is retried after 1, 2, 4 … s. */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** The problem's detail. */
    public static final String DETAIL = "The service is starting: the revocations in force are not loaded from auth-service yet; retry later";

    private final Instance<RevocationSync> sync;

    public StartupGateFilter(Instance<RevocationSync> sync) {
        this.sync = sync;
    }

    void install(@Observes Router router) {
        if (!sync.isResolvable()) {
            return;
        }
        RevocationSync loader = sync.get();
        // after the problem failure handler and the request deadline, before authentication and resources
        router.route().order(Integer.MIN_VALUE + 2).handler(ctx -> {
            if (loader.loaded() || ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null
                    || ctx.request().path() == null || ctx.request().path().startsWith("/q/")) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            ctx.request().resume();
            Problems.end(ctx, 503, "starting", DETAIL);
        });
    }
}
