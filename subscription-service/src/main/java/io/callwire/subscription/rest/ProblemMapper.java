package io.callwire.subscription.rest;

import java.net.URI;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.callwire.subscription.service.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every REST error as RFC 9457 problem+json, in one place; never a stack trace or a class name. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** The problem+json media type. */
    public static final String PROBLEM_JSON = "application/problem+json";

    /**
     * A problem document.
     *
     * @param type     {@code about:blank}: the status says it all
     * @param title    short summary of the status
     * @param status   HTTP status
     * @param detail   what went wrong, for humans
     * @param instance the request path
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Problem(URI type, String title, int status, String detail, String instance) {
    }

    @ServerExceptionMapper
    public Response domain(ProblemException e, UriInfo uri) {
        return problem(e.status(), e.title(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().reduce((a, b) -> a + "; " + b).orElse("invalid");
        return problem(400, "Bad Request", detail, uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(401, "Unauthorized", "A valid bearer token is required", uri))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", "Not allowed for this caller", uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return problem(400, "Bad Request", "The body is not valid JSON for this resource", uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String detail = status >= 500 ? "The request could not be processed" : e.getMessage();
        if (status == 400 && e.getCause() != null) {
            detail = "The body or a parameter is not valid for this resource";
        }
        return problem(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), detail, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return problem(500, "Internal Server Error", "The request could not be processed", uri);
    }

    private static Response problem(int status, String title, String detail, UriInfo uri) {
        return Response.status(status).type(MediaType.valueOf(PROBLEM_JSON))
                .entity(new Problem(URI.create("about:blank"), title, status, detail, uri.getPath())).build();
    }
}
