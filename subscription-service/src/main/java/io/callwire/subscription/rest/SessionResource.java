package io.callwire.subscription.rest;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.callwire.subscription.Caller;
import io.callwire.subscription.LiveSession;
import io.callwire.subscription.service.SessionDirectory;
import io.callwire.support.rest.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The organization's live real-time connections on every replica of the deployment, with their
 * subscriptions, for the admin UI: read from the sessions table the replicas share.
 */
@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SessionResource {

    private final SessionDirectory sessions;
    private final Callers callers;

    public SessionResource(SessionDirectory sessions, Callers callers) {
        this.sessions = sessions;
        this.callers = callers;
    }

    /** A page of the organization's sessions, oldest connection first. */
    @GET
    public Uni<Page<LiveSession>> list(@QueryParam("organizationId") String organizationId,
                                       @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                       @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Caller caller = callers.current();
        callers.requireAdmin(caller);
        UUID organization = callers.organization(caller, organizationId);
        return sessions.list(organization, page, size);
    }
}
