package io.callwire.admin.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.callwire.admin.Accounts;
import io.callwire.admin.Page;
import io.callwire.admin.client.AuthClient;
import io.callwire.admin.security.ConsoleContext;
import io.callwire.admin.security.ConsoleSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A platform-admin sees every organization and chooses the one the console works on. */
@Path("/organizations")
@Produces(MediaType.TEXT_HTML)
public class OrganizationResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance organizations(String nav, Page<Accounts.Organization> page, UUID current);
    }

    private final AuthClient auth;
    private final ConsoleContext console;

    public OrganizationResource(AuthClient auth, ConsoleContext console) {
        this.auth = auth;
        this.console = console;
    }

    @GET
    public TemplateInstance list(@QueryParam("page") @DefaultValue("0") int page) {
        ConsoleSession session = platformAdmin();
        return Templates.organizations("organizations", auth.organizations(session.accessToken(), Math.max(0, page), 20),
                session.organizationId());
    }

    @POST
    @Path("{id}/switch")
    public Response switchTo(@PathParam("id") UUID id, @RestForm String name) {
        ConsoleSession session = platformAdmin();
        session.switchOrganization(id, id.equals(session.user().organizationId()) ? null : name);
        return Response.seeOther(URI.create("/")).build();
    }

    private ConsoleSession platformAdmin() {
        ConsoleSession session = console.session();
        if (!session.user().isPlatformAdmin()) {
            throw new ForbiddenException("Only platform administrators switch organizations.");
        }
        return session;
    }
}
