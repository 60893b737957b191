package io.callwire.auth.rest;

import java.util.List;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.callwire.auth.service.ConflictProblem;
import io.callwire.auth.service.ForbiddenProblem;
import io.callwire.auth.service.InvalidFieldProblem;
import io.callwire.auth.service.NotFoundProblem;
import io.callwire.auth.service.OAuthException;
import io.callwire.support.rest.Problem.FieldError;
import io.callwire.support.rest.ProblemException;
import io.callwire.support.rest.Problems;
import io.vertx.core.http.HttpServerRequest;

/**
 * auth-service's own errors: RFC 6749 JSON for the OAuth endpoints (what OAuth clients parse), and
 * its domain exceptions in the shared problem+json shape. Everything else — authentication,
 * roles, validation, unreadable bodies — is mapped by the security kit's
 * {@link io.callwire.support.rest.ProblemMapper}, the same in every service.
 */
public class ProblemMapper {

    /** RFC 6749 5.2 error body. */
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
    public Response notFound(NotFoundProblem e, HttpServerRequest request) {
        return Problems.response(404, null, e.getMessage(), request.path(), null, 0);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictProblem e, HttpServerRequest request) {
        return Problems.response(409, null, e.getMessage(), request.path(), null, 0);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldProblem e, HttpServerRequest request) {
        return Problems.response(ProblemException.invalid(List.of(new FieldError(e.field(), e.getMessage()))), request.path());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenProblem e, HttpServerRequest request) {
        return Problems.response(403, null, e.getMessage(), request.path(), null, 0);
    }

    /** Ahead of the kit's mapper: the OAuth endpoints speak RFC 6749 even about a body they cannot read. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (request.path().startsWith("/oauth/") && (status == 415 || status == 400)) {
            return oauth(OAuthException.invalidRequest("Expected an application/x-www-form-urlencoded body"));
        }
        return new io.callwire.support.rest.ProblemMapper().web(e, request);
    }
}
