package io.callwire.admin.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.callwire.admin.ServiceStatus;
import io.callwire.admin.service.ServiceStatusService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Where the services are and whether they are ready (public: it shows no tenant data). */
@Path("/status")
public class StatusResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance status(String nav, List<ServiceStatus> services);
    }

    private final ServiceStatusService statuses;

    public StatusResource(ServiceStatusService statuses) {
        this.statuses = statuses;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> index() {
        return statuses.statuses().map(list -> Templates.status("status", list));
    }
}
