package io.callwire.notifier.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.callwire.notifier.service.InvalidRequestException;
import io.callwire.notifier.service.NotFoundException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/** Every error of the API as RFC 9457 problem+json; never a stack trace or a class name. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final MediaType PROBLEM = new MediaType("application", "problem+json");

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> invalid(InvalidRequestException e) {
        Map<String, Object> body = problem(400, "Invalid request", e.errors().size() == 1
                ? e.errors().get(0).field() + ": " + e.errors().get(0).message()
                : e.errors().size() + " fields are invalid");
        body.put("errors", e.errors());
        return response(400, body);
    }

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> notFound(NotFoundException e) {
        return response(404, problem(404, "Not found", e.getMessage()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Map<String, Object>> unauthorized(RuntimeException e) {
        return response(401, problem(401, "Unauthorized", "a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> forbidden(ForbiddenException e) {
        return response(403, problem(403, "Forbidden", "this requires the org-admin role in an organization"));
    }

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String detail = status == 400 ? "the request body or a parameter could not be read" : e.getMessage();
        return response(status, problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), detail));
    }

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> unexpected(Throwable e) {
        LOG.error("unexpected error", e);
        return response(500, problem(500, "Internal error", "the request could not be completed"));
    }

    private static Map<String, Object> problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }

    private static RestResponse<Map<String, Object>> response(int status, Map<String, Object> body) {
        return RestResponse.ResponseBuilder.<Map<String, Object>>create(status).entity(body).type(PROBLEM).build();
    }

}
