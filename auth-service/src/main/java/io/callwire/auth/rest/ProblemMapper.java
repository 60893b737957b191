package io.callwire.auth.rest;

import java.net.URI;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.callwire.auth.service.ConflictProblem;
import io.callwire.auth.service.ForbiddenProblem;
import io.callwire.auth.service.InvalidFieldProblem;
import io.callwire.auth.service.NotFoundProblem;
import io.callwire.auth.service.OAuthException;
import io.quarkus.security.AuthenticationFailedException;

/**
 * Every error in one place: RFC 6749 JSON for the OAuth endpoints, RFC 9457 problem+json for the
 * rest; never a stack trace or a class name.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    /** RFC 9457 body; {@code violations} name the fields at fault. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(URI type, String title, int status, String detail, List<Violation> violations) {
    }

    /** One invalid field. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Violation(String field, String message) {
    }

    /** RFC 6749 5.2 error body. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record OAuthError(String error, String error_description) {
    }

    @ServerExceptionMapper
    public Response oauth(OAuthException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type("application/json")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(new OAuthError(e.error(), e.getMessage()));
        if (e.status() == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"callwire\"");
        }
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return problem(404, "Not Found", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictProblem e) {
        return problem(409, "Conflict", e.getMessage(), e.field() == null ? null : List.of(new Violation(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldProblem e) {
        return problem(400, "Invalid request", e.field() + ": " + e.getMessage(), List.of(new Violation(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenProblem e) {
        return problem(403, "Forbidden", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return Response.status(401).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Violation(fieldOf(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return problem(400, "Invalid request", detail, violations);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().get(mapping.getPath().size() - 1).getFieldName() : null;
        return problem(400, "Invalid request", field == null ? "the body is not valid JSON" : field + ": wrong type or format",
                field == null ? null : List.of(new Violation(field, "wrong type or format")));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, jakarta.ws.rs.core.UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (uri.getPath().startsWith("/oauth/") && (status == 415 || status == 400)) {
            // the OAuth endpoints speak RFC 6749 even about a body they cannot read
            return oauth(OAuthException.invalidRequest("Expected an application/x-www-form-urlencoded body"));
        }
        if (status == 401) {
            return e.getResponse();
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return problem(status, known == null ? "Error" : known.getReasonPhrase(), e.getMessage(), null);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "unexpected failure");
        return problem(500, "Internal Server Error", "unexpected failure; see the service log", null);
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // "create.draft.username" -> "username"; "list.size" -> "size"; "create.draft.roles[0].<list element>" -> "roles[0]"
        String[] parts = path.split("\\.");
        String last = parts[parts.length - 1];
        if (last.startsWith("<") && parts.length > 1) {
            last = parts[parts.length - 2];
        }
        return last;
    }

    private static Response problem(int status, String title, String detail, List<Violation> violations) {
        return Response.status(status).type(PROBLEM_JSON).entity(new Problem(URI.create("about:blank"), title, status, detail, violations)).build();
    }
}
