package io.callwire.support.resilience;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.callwire.support.rest.Problems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * No HTTP request outlives {@code callwire.resilience.request-deadline}: past it the service answers
 * 503 problem+json with {@code Retry-After} itself. A statement sent to a database that stopped
 * answering (a partition, a stopped server) is otherwise waited for without end, and so is every
 * request behind it. What the request was doing may still complete afterwards; the client is told
 * to retry, which every write of the REST APIs tolerates (their writes are single transactions).
 */
@ApplicationScoped
public class RequestDeadline {

    private final ResilienceConfig config;
    private final List<Pattern> exempt;

    public RequestDeadline(ResilienceConfig config) {
        this.config = config;
        this.exempt = config.deadlineExemptPaths().stream().map(RequestDeadline::pattern).toList();
    }

    /** A path prefix, where {@code *} stands for one path segment: {@code /api/v1/webhooks/*}{@code /test}. */
    static Pattern pattern(String prefix) {
        StringBuilder regex = new StringBuilder();
        String[] parts = prefix.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[^/]+");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.append(".*").toString());
    }

    void install(@Observes Router router) {
        long deadline = config.requestDeadline().toMillis();
        // right after the problem failure handler's size check, before authentication and resources
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (exempt(ctx)) {
                ctx.next();
                return;
            }
            long timer = ctx.vertx().setTimer(deadline, id -> expire(ctx));
            ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
            ctx.next();
        });
    }

    private boolean exempt(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null || "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            return true;
        }
        for (Pattern prefix : exempt) {
            if (prefix.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private void expire(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response().putHeader("Retry-After", "5");
        Problems.end(ctx, 503, "deadline-exceeded", "The service could not answer within "
                + config.requestDeadline().toMillis() + " ms (its database may be unavailable); try again shortly");
    }
}
