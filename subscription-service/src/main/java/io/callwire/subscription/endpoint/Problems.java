package io.callwire.subscription.endpoint;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;

/**
 * The problem+json answers of {@code /rte} before any WebSocket exists: the security kit's one
 * problem body ({@code type https://callwire.dev/problems/<slug>}, title, status, detail, instance),
 * written on a bare request because websockets-next's rejection would send a status without a body.
 */
final class Problems {

    private Problems() {
    }

    /** Ends the request's response with a problem document of {@code status}. */
    static void send(HttpServerRequest request, int status, String detail) {
        if (status == 401) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
        }
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, io.callwire.support.rest.Problem.MEDIA_TYPE)
                .end(Json.encode(io.callwire.support.rest.Problems.problem(status, null, detail, request.path(), null)));
    }
}
