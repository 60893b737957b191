package io.callwire.support.rest;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import io.callwire.support.resilience.DatabaseOutage;
import io.callwire.support.rest.Problem.FieldError;
import io.callwire.support.security.TokenRefusedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every REST error of every service as one {@link Problem} shape, in one place; never a stack trace
 * or a class name. Authentication failures raised before the resource runs (bad, expired, revoked,
 * wrong-kind or wrongly bound tokens) arrive here too, because the services authenticate lazily
 * ({@code quarkus.http.auth.proactive=false}). A service maps its own domain exceptions in its own
 * mapper with {@link Problems}; to override one of these for a path of its own (auth-service's
 * OAuth endpoints speak RFC 6749) a service maps the same exception with a priority below
 * {@code Priorities.USER}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Quarkus's own mappers of security exceptions have a lower precedence than {@code USER}: these win. */
    private static final int PRECEDENCE = Priorities.USER;

    @ServerExceptionMapper(priority = PRECEDENCE)
    public Response problem(ProblemException e, HttpServerRequest request) {
        return Problems.response(e, request.path());
    }

    @ServerExceptionMapper(priority = PRECEDENCE)
    public Response refused(TokenRefusedException e, HttpServerRequest request) {
        return Problems.response(401, e.slug(), e.getMessage(), request.path(), null, 0);
    }

    @ServerExceptionMapper(value = {AuthenticationFailedException.class, UnauthorizedException.class}, priority = PRECEDENCE)
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TokenRefusedException refused) {
                return refused(refused, request);
            }
        }
        String detail = request.getHeader("Authorization") == null && request.getParam("access_token") == null
                ? "A bearer token is required"
                : "The bearer token is not valid (malformed, badly signed, expired, not yet valid or from another issuer)";
        return Problems.response(401, null, detail, request.path(), null, 0);
    }

    @ServerExceptionMapper(priority = PRECEDENCE)
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return Problems.response(403, null, "The caller's roles do not allow this", request.path(), null, 0);
    }

    @ServerExceptionMapper(priority = PRECEDENCE)
    public Response invalid(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field)).toList();
        return Problems.response(ProblemException.invalid(errors), request.path());
    }

    @ServerExceptionMapper(priority = PRECEDENCE)
    public Response unreadable(JsonProcessingException e, HttpServerRequest request) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? pathOf(mapping) : null;
        ProblemException problem = field == null
                ? ProblemException.badRequest("The body is not valid JSON for this resource")
                : ProblemException.invalid(field, "wrong type or format");
        return Problems.response(problem, request.path());
    }

    /**
     * A body of the wrong shape (an array for an object, a string for a number): quarkus-rest-jackson
     * maps this subtype itself, with an empty 400 and no problem body, and the most specific mapper
     * wins whatever the priorities, so the kit maps it by name too.
     */
    @ServerExceptionMapper(priority = PRECEDENCE)
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, HttpServerRequest request) {
        return unreadable(e, request);
    }

    @ServerExceptionMapper(priority = PRECEDENCE)
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String detail;
        if (status >= 500) {
            detail = "The request could not be processed";
        } else if (status == 400) {
            detail = "The body or a parameter is not valid for this resource";
        } else if (status == 404) {
            detail = "Nothing is at " + request.path();
        } else if (status == 405) {
            detail = request.method() + " is not allowed on " + request.path();
        } else {
            detail = Problems.title(status);
        }
        Response response = Problems.response(status, null, detail, request.path(), null, 0);
        String retryAfter = e.getResponse().getHeaderString("Retry-After");
        return retryAfter == null ? response : Response.fromResponse(response).header("Retry-After", retryAfter).build();
    }

    @ServerExceptionMapper(priority = PRECEDENCE + 100)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (request.response().ended()) {
            // the request deadline answered 503 already; the late outcome has nowhere to go
            LOG.debugf("%s %s finished after its response was sent: %s", request.method(), request.path(), e.getMessage());
            return Response.status(503).build();
        }
        if (DatabaseOutage.isOutage(e)) {
            LOG.warnf("database unavailable on %s %s: %s", request.method(), request.path(), e.getMessage());
            return Problems.response(503, "database-unavailable",
                    "The service's database is unavailable; try again shortly", request.path(), null, 5);
        }
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return Problems.response(500, null, "The request could not be processed; see the service log", request.path(), null, 0);
    }

    /** "create.draft.username" → "username"; "list.size" → "size"; "create.draft.roles[0].<list element>" → "roles[0]". */
    static String fieldOf(ConstraintViolation<?> violation) {
        String[] parts = violation.getPropertyPath().toString().split("\\.");
        String last = parts[parts.length - 1];
        if (last.startsWith("<") && parts.length > 1) {
            last = parts[parts.length - 2];
        }
        return last;
    }

    private static String pathOf(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }
}
