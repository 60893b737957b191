package io.callwire.subscription.rest;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.endpoint.ConnectionRegistry;
import io.quarkus.security.Authenticated;

/**
 * The organization's live WebSocket connections on this replica and their subscriptions, for the
 * admin UI. Each replica only knows its own connections.
 */
@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SessionResource {

    /**
     * One live connection.
     *
     * @param connectionId  SignalR connection id
     * @param subject       user or client GUID
     * @param upn           user principal name
     * @param remoteAddress client address
     * @param connectedAt   when it connected
     * @param subscriptions its subscriptions
     */
    public record Session(UUID connectionId, String subject, String upn, String remoteAddress, Instant connectedAt,
                          List<Subscription> subscriptions) {
    }

    private final ConnectionRegistry connections;
    private final Callers callers;

    public SessionResource(ConnectionRegistry connections, Callers callers) {
        this.connections = connections;
        this.callers = callers;
    }

    @GET
    public List<Session> list(@QueryParam("organizationId") String organizationId) {
        Caller caller = callers.current();
        callers.requireAdmin(caller);
        UUID organization = callers.organization(caller, organizationId);
        return connections.ofOrganization(organization).stream()
                .map(c -> new Session(c.connectionId(), c.caller().subject(), c.caller().upn(), c.remoteAddress(),
                        c.connectedAt(), c.subscriptions()))
                .sorted(Comparator.comparing(Session::connectedAt))
                .toList();
    }
}
