package io.callwire.admin.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import io.callwire.admin.config.AdminConfig;

/**
 * Every console request passes here: the session cookie is looked up (none or an expired one goes
 * back to the sign-in page, with a message for the expired one), every state-changing request must
 * carry the session's CSRF token (form field {@value #CSRF_FIELD} or header {@value #CSRF_HEADER}),
 * and every answer carries the Content-Security-Policy and the other browser protections.
 */
public class ConsoleFilter {

    public static final String SESSION_COOKIE = "cw_session";
    public static final String SIGN_IN_COOKIE = "cw_signin";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final SessionStore sessions;
    private final ConsoleContext context;
    private final String contentSecurityPolicy;

    public ConsoleFilter(SessionStore sessions, ConsoleContext context, AdminConfig config) {
        this.sessions = sessions;
        this.context = context;
        String connect = config.console().connectSources().orElseGet(() -> {
            String http = config.subscriptionUrl().replaceAll("/+$", "");
            return http + " " + http.replaceFirst("^http", "ws");
        });
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + connect + "; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    @ServerRequestFilter(readBody = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean unsafe = !SAFE_METHODS.contains(request.getMethod());
        if (path.equals("/sign-in") || path.equals("/status")) {
            if (unsafe) {
                // login CSRF: the sign-in form carries the value of a cookie set when it was shown
                Cookie cookie = request.getCookies().get(SIGN_IN_COOKIE);
                if (cookie == null || !same(cookie.getValue(), submittedToken(request))) {
                    return Optional.of(refused());
                }
            }
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(SESSION_COOKIE);
        Optional<ConsoleSession> session = Optional.ofNullable(cookie).flatMap(c -> sessions.find(c.getValue()));
        if (session.isEmpty() || sessions.accessToken(session.get()).isEmpty()) {
            return Optional.of(toSignIn(request, cookie != null));
        }
        if (unsafe && !same(session.get().csrfToken(), submittedToken(request))) {
            return Optional.of(refused());
        }
        context.bind(session.get());
        return Optional.empty();
    }

    @ServerResponseFilter
    public void protect(ContainerResponseContext response) {
        var headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", contentSecurityPolicy);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("X-Frame-Options", "DENY");
        if (!headers.containsKey("Cache-Control")) {
            headers.putSingle("Cache-Control", "no-store");
        }
    }

    private static String submittedToken(ContainerRequestContext request) {
        String header = request.getHeaderString(CSRF_HEADER);
        if (header != null) {
            return header;
        }
        MediaType type = request.getMediaType();
        if (type != null && (MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)
                || MediaType.MULTIPART_FORM_DATA_TYPE.isCompatible(type))) {
            // the filter runs after the body was read (readBody = true): the form is parsed already
            ResteasyReactiveRequestContext current = CurrentRequestManager.get();
            Object value = current == null ? null : current.getFormParameter(CSRF_FIELD, true, false);
            return value == null ? null : value.toString();
        }
        return null;
    }

    private static boolean same(String expected, String submitted) {
        return submitted != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    private static Response refused() {
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused</title>"
                        + "<link rel=\"stylesheet\" href=\"/static/console.css\"></head><body><main class=\"narrow\">"
                        + "<h1>Request refused</h1><p role=\"alert\">This request did not carry the console's CSRF token, so it "
                        + "may not come from one of its pages. Go back, reload the page and try again.</p>"
                        + "<p><a href=\"/\">Back to the console</a></p></main></body></html>")
                .build();
    }

    private static Response toSignIn(ContainerRequestContext request, boolean hadSession) {
        URI target = URI.create(hadSession ? "/sign-in?expired=true" : "/sign-in");
        Response.ResponseBuilder answer = request.getHeaderString("HX-Request") != null
                ? Response.ok().header("HX-Redirect", target.toString())
                : Response.seeOther(target);
        if (hadSession) {
            answer.cookie(new NewCookie.Builder(SESSION_COOKIE).value("").path("/").maxAge(0).httpOnly(true).build());
        }
        return answer.build();
    }
}
