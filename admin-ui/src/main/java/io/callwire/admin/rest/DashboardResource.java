package io.callwire.admin.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.callwire.admin.security.ConsoleContext;
import io.callwire.admin.security.ConsoleSession;
import io.callwire.admin.service.DashboardService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The dashboard: figures and charts that htmx refreshes every few seconds. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(String nav, DashboardService.View view);

        static native TemplateInstance figures(DashboardService.View view);
    }

    private final DashboardService dashboard;
    private final ConsoleContext console;

    public DashboardResource(DashboardService dashboard, ConsoleContext console) {
        this.dashboard = dashboard;
        this.console = console;
    }

    @GET
    public TemplateInstance dashboard() {
        return Templates.dashboard("dashboard", view());
    }

    @GET
    @Path("dashboard/figures")
    public TemplateInstance figures() {
        return Templates.figures(view());
    }

    private DashboardService.View view() {
        ConsoleSession session = console.session();
        return dashboard.view(session.accessToken(), session.organizationId(), session.actingOrganization());
    }
}
