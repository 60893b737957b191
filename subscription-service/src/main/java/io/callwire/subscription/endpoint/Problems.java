package io.callwire.subscription.endpoint;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** The problem+json answers (RFC 9457) of {@code /rte} before any WebSocket exists. */
final class Problems {

    private Problems() {
    }

    /** Ends the request's response with a problem document. */
    static void send(HttpServerRequest request, int status, String title, String detail) {
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail).put("instance", request.path());
        if (status == 401) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
        }
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(body.encode());
    }
}
