package io.callwire.admin.rest;

import java.net.URI;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.callwire.admin.client.ServiceException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** What a page shows when a service refuses or fails: a page with the problem, never a stack trace. */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(String nav, int status, String title, String detail);
    }

    @ServerExceptionMapper
    public Response serviceFailed(ServiceException e) {
        if (e.status() == 401) {
            // the service no longer accepts the session's token (revoked, user disabled)
            return Response.seeOther(URI.create("/sign-in?expired=true")).build();
        }
        String title = switch (e.status()) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            default -> e.status() >= 500 ? "A service is not available" : "Refused";
        };
        if (e.status() >= 500) {
            LOG.warnf("Service call failed: %s", e.getMessage());
        }
        return page(e.status() >= 500 ? 502 : e.status(), title, e.problem().summary());
    }

    @ServerExceptionMapper
    public Response webFailed(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status < 400 || e.getResponse().hasEntity()) {
            return e.getResponse();
        }
        return page(status, status == 404 ? "Not found" : status == 403 ? "Not allowed" : "Refused", e.getMessage());
    }

    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        LOG.error("Unexpected failure", e);
        return page(500, "Something went wrong", "The console could not complete this request. Try again.");
    }

    private static Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error("", status, title, detail)).build();
    }
}
