package io.callwire.support.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.callwire.support.rest.Problem.FieldError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Builds {@link Problem} responses, for JAX-RS and for plain Vert.x routes alike. */
public final class Problems {

    private Problems() {
    }

    /** The slug of the {@code type} URI for a status without a more precise one. */
    public static String slug(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }

    /** The title of a status (the same for every occurrence): its HTTP reason phrase. */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "HTTP " + status;
        };
    }

    /** The body of a problem. */
    public static Problem problem(int status, String slug, String detail, String instance, List<FieldError> errors) {
        return new Problem(Problem.TYPE_PREFIX + (slug == null ? slug(status) : slug), title(status), status,
                detail, instance, errors == null || errors.isEmpty() ? null : errors);
    }

    /** A JAX-RS response carrying a problem (with {@code WWW-Authenticate} on 401). */
    public static Response response(int status, String slug, String detail, String instance, List<FieldError> errors,
                                    long retryAfterSeconds) {
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(problem(status, slug, detail, instance, errors));
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        if (retryAfterSeconds > 0) {
            response.header("Retry-After", String.valueOf(retryAfterSeconds));
        }
        return response.build();
    }

    /** A JAX-RS response for a {@link ProblemException}. */
    public static Response response(ProblemException e, String instance) {
        return response(e.status(), e.slug(), e.getMessage(), instance, e.errors(), e.retryAfterSeconds());
    }

    /** Ends a Vert.x request with a problem (routes outside JAX-RS: {@code /rte}, failures before JAX-RS). */
    public static void end(RoutingContext ctx, int status, String slug, String detail) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem(status, slug, detail, ctx.request().path(), null)));
    }
}
