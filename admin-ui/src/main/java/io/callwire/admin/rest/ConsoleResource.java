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

/** The console's home page: where the services are and whether they are ready. */
@Path("/")
public class ConsoleResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<ServiceStatus> services);
    }

    private final ServiceStatusService statuses;

    public ConsoleResource(ServiceStatusService statuses) {
        this.statuses = statuses;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> index() {
        return statuses.statuses().map(Templates::index);
    }
}
