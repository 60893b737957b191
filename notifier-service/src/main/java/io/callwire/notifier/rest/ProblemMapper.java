package io.callwire.notifier.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.callwire.notifier.service.InvalidRequestException;
import io.callwire.notifier.service.NotFoundException;
import io.callwire.support.rest.Problem;
import io.callwire.support.rest.ProblemException;
import io.callwire.support.rest.Problems;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;

/**
 * This service's domain errors in the one problem+json shape of the security kit
 * ({@link io.callwire.support.rest.ProblemMapper} maps authentication, roles, unreadable bodies,
 * unknown paths and unexpected failures).
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, HttpServerRequest request) {
        return Problems.response(ProblemException.invalid(e.errors().stream()
                .map(error -> new Problem.FieldError(error.field(), error.message())).toList()), request.path());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        return Problems.response(404, null, e.getMessage(), request.path(), null, 0);
    }
}
