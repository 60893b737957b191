package io.callwire.support.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.callwire.support.resilience.DatabaseOutage;
import io.quarkus.runtime.configuration.MemorySize;
import io.callwire.support.security.TokenRefusedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Errors raised by the HTTP layer before any resource is chosen — a body over
 * {@code quarkus.http.limits.max-body-size} (413), an authentication failure when a service
 * authenticates proactively, a failure of a plain Vert.x route — answered in the same
 * {@link Problem} shape as the REST resources' errors instead of Quarkus's default page.
 */
@ApplicationScoped
public class ProblemFailureHandler {

    private static final Logger LOG = Logger.getLogger(ProblemFailureHandler.class);

    void install(@Observes Router router) {
        long maxBodySize = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10240L * 1024);
        // Quarkus answers a declared Content-Length over the limit with an empty 413 before any route:
        // answer it first, as a problem, and close the connection as Quarkus does (the body is not read)
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLong(length, maxBodySize)) {
                ctx.response().putHeader("Connection", "close");
                Problems.end(ctx, 413, null, "The request body is larger than this service accepts ("
                        + maxBodySize + " bytes)");
                return;
            }
            ctx.next();
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private static boolean tooLong(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        String slug = null;
        String detail;
        if (failure instanceof TokenRefusedException refused) {
            status = 401;
            slug = refused.slug();
            detail = refused.getMessage();
        } else if (failure instanceof AuthenticationFailedException && failure.getCause() instanceof TokenRefusedException refused) {
            status = 401;
            slug = refused.slug();
            detail = refused.getMessage();
        } else if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            status = 401;
            detail = "A valid bearer token is required";
        } else if (failure instanceof ForbiddenException) {
            status = 403;
            detail = "The caller's roles do not allow this";
        } else if (failure instanceof HttpException http) {
            status = http.getStatusCode();
            detail = Problems.title(status);
        } else if (failure instanceof ProblemException problem) {
            status = problem.status();
            slug = problem.slug();
            detail = problem.getMessage();
        } else if (failure != null && DatabaseOutage.isOutage(failure)) {
            status = 503;
            slug = "database-unavailable";
            detail = "The service's database is unavailable; try again shortly";
            ctx.response().putHeader("Retry-After", "5");
        } else {
            if (status < 400) {
                status = 500;
            }
            detail = switch (status) {
                case 413 -> "The request body is larger than this service accepts";
                case 431 -> "The request headers are larger than this service accepts";
                default -> status >= 500 ? "The request could not be processed; see the service log" : Problems.title(status);
            };
            if (status >= 500 && failure != null) {
                LOG.errorf(failure, "unexpected failure on %s %s", ctx.request().method(), ctx.request().path());
            }
        }
        Problems.end(ctx, status, slug, detail);
    }
}
