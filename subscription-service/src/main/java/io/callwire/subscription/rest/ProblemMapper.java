package io.callwire.subscription.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.callwire.subscription.service.ProblemException;
import io.callwire.support.rest.Problems;
import io.vertx.core.http.HttpServerRequest;

/**
 * This service's domain errors in the one problem+json shape of the security kit
 * ({@link io.callwire.support.rest.ProblemMapper} maps everything else: authentication, roles,
 * validation, unreadable bodies, unknown paths, unexpected failures).
 */
public class ProblemMapper {

    /** The problem+json media type. */
    public static final String PROBLEM_JSON = io.callwire.support.rest.Problem.MEDIA_TYPE;

    @ServerExceptionMapper
    public Response domain(ProblemException e, HttpServerRequest request) {
        return Problems.response(e.status(), null, e.getMessage(), request.path(), null, 0);
    }
}
