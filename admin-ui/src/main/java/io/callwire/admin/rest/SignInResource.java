package io.callwire.admin.rest;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.callwire.admin.client.ServiceException;
import io.callwire.admin.config.AdminConfig;
import io.callwire.admin.security.ConsoleContext;
import io.callwire.admin.security.ConsoleFilter;
import io.callwire.admin.security.ConsoleSession;
import io.callwire.admin.security.Cookies;
import io.callwire.admin.security.SessionStore;
import io.callwire.admin.security.SignIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;

/** Sign in with auth-service's password grant; sign out revokes the session's tokens. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String nav, String message, String error, String username);
    }

    private final SessionStore sessions;
    private final SignIn signIn;
    private final ConsoleContext context;
    private final AdminConfig config;

    public SignInResource(SessionStore sessions, SignIn signIn, ConsoleContext context, AdminConfig config) {
        this.sessions = sessions;
        this.signIn = signIn;
        this.context = context;
        this.config = config;
    }

    @GET
    @Path("sign-in")
    public Response form(@QueryParam("expired") boolean expired, @QueryParam("signedOut") boolean signedOut,
                         @Context HttpHeaders headers) {
        String message = expired ? "Your session has expired. Please sign in again."
                : signedOut ? "You have signed out." : null;
        return page(200, message, null, "", headers);
    }

    @POST
    @Path("sign-in")
    public Response signIn(@RestForm String username, @RestForm String password, @Context HttpHeaders headers,
                           @Context HttpServerRequest request) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return page(400, null, "Enter your e-mail address and your password.", username, headers);
        }
        try {
            ConsoleSession session = sessions.signIn(username.trim(), password, request.remoteAddress().hostAddress());
            return Response.seeOther(URI.create("/"))
                    .cookie(Cookies.session(session.id(), headers, config),
                            Cookies.cleared(ConsoleFilter.SIGN_IN_COOKIE, headers, config))
                    .build();
        } catch (ServiceException e) {
            String error = switch (e.status()) {
                case 400, 401 -> "Wrong e-mail address or password.";
                case 429 -> "Too many attempts. Wait a few minutes and try again.";
                default -> "Sign-in is not available right now (" + e.problem().summary() + ").";
            };
            return page(e.status() >= 500 ? 503 : 401, null, error, username, headers);
        }
    }

    @POST
    @Path("sign-out")
    public Response signOut(@Context HttpHeaders headers) {
        sessions.signOut(context.session());
        return Response.seeOther(URI.create("/sign-in?signedOut=true"))
                .cookie(Cookies.cleared(ConsoleFilter.SESSION_COOKIE, headers, config)).build();
    }

    private Response page(int status, String message, String error, String username, HttpHeaders headers) {
        String token = signIn.newFormToken();
        return Response.status(status).entity(Templates.signIn("sign-in", message, error, username == null ? "" : username))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cookie(Cookies.signIn(token, headers, config)).build();
    }
}
