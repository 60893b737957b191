package io.callwire.admin.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.callwire.admin.Accounts;
import io.callwire.admin.client.AuthClient;
import io.callwire.admin.security.ConsoleContext;
import io.callwire.admin.service.Catalog;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Live events. The browser connects to subscription-service's public WebSocket API itself, with the
 * Microsoft SignalR JavaScript client and an RTE token of the signed-in user: the page is also a
 * working example of the API.
 */
@Path("/live")
public class LiveResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance live(String nav, List<String> eventNames, UUID organizationId);
    }

    private final AuthClient auth;
    private final Catalog catalog;
    private final ConsoleContext console;

    public LiveResource(AuthClient auth, Catalog catalog, ConsoleContext console) {
        this.auth = auth;
        this.catalog = catalog;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.live("live", catalog.eventNames(), console.session().organizationId());
    }

    /** {@code {WssEndpoint, Token}} for the page's script; fetched again when the client reconnects. */
    @GET
    @Path("token")
    @Produces(MediaType.APPLICATION_JSON)
    public Accounts.RteToken token(@jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest request) {
        return auth.rteToken(console.session().accessToken(), "me", request.remoteAddress().hostAddress());
    }
}
