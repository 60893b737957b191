package io.callwire.subscription.endpoint;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.callwire.subscription.Caller;
import io.callwire.subscription.security.ConnectionTokens;
import io.callwire.subscription.service.Admission;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.service.SubscriberRegistry;
import io.callwire.support.security.RevocationSync;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Everything that refuses a {@code /rte} WebSocket before the upgrade, with a problem+json body:
 * 503 while the replica starts (revocations not loaded) or shuts down, 401 for a bad token or
 * connection token, 404 for a stateful reconnect whose session is gone, 429 over the per-user limit
 * (the place is taken here, atomically across the replicas, and turned into the registration when
 * the socket opens), 503 when that place cannot be counted (the sessions database is unreachable).
 * What it learnt goes to the connection in the WebSocket's user data.
 */
@ApplicationScoped
public class RteUpgradeCheck implements HttpUpgradeCheck {

    static final String DRAINING = "The service is shutting down; reconnect (another replica takes the connection)";
    static final String UNAVAILABLE = "The connection cannot be counted against the per-user limit now "
            + "(the sessions database is unreachable); retry";
    private static final Logger LOG = Logger.getLogger(RteUpgradeCheck.class);

    private final RteHub hub;
    private final RteAuthenticator authenticator;
    private final ConnectionTokens connectionTokens;
    private final RevocationSync revocationSync;
    private final RoutingService routing;

    public RteUpgradeCheck(RteHub hub, RteAuthenticator authenticator, ConnectionTokens connectionTokens,
                           RevocationSync revocationSync, RoutingService routing) {
        this.hub = hub;
        this.authenticator = authenticator;
        this.connectionTokens = connectionTokens;
        this.revocationSync = revocationSync;
        this.routing = routing;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return RteEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        if (hub.draining()) {
            request.response().putHeader("Retry-After", "1");
            return refuse(request, 503, DRAINING);
        }
        // before any token work: until the revocations in force are loaded no token can be trusted
        if (!revocationSync.loaded()) {
            request.response().putHeader("Retry-After", Integer.toString(StartupGate.RETRY_AFTER_SECONDS));
            return refuse(request, 503, StartupGate.DETAIL);
        }
        return Uni.createFrom().completionStage(() -> authenticator.authenticate(request).toCompletionStage())
                .onFailure().recoverWithItem(new RteAuthenticator.Outcome(null, "The token is invalid, expired or revoked"))
                .flatMap(outcome -> outcome.caller() == null
                        ? refuse(request, 401, outcome.refusal())
                        : admit(context, request, outcome.caller()));
    }

    private Uni<CheckResult> admit(HttpUpgradeContext context, HttpServerRequest request, Caller caller) {
        String id = request.getParam("id");
        String address = authenticator.clientAddress(request);
        boolean snapshot = !"false".equalsIgnoreCase(request.getParam("snapshot"));
        UUID connectionId;
        boolean stateful = false;
        if (id == null) {
            connectionId = UUID.randomUUID(); // the client skipped negotiation
        } else {
            HubConnection resumable = hub.resumable(id, caller.subject());
            if (resumable != null) {
                // a stateful reconnect to the replica that holds the session; it keeps its place
                return permit(context, new RteHub.UpgradeData(resumable.connectionId(), id, caller, address, null, true,
                        snapshot, resumable, TextFrames.channelOf(request), request.headers()));
            }
            Optional<UUID> negotiated = connectionTokens.verify(id, caller.subject());
            if (negotiated.isEmpty()) {
                return refuse(request, 401, "The connection token is invalid, expired or was issued to someone else");
            }
            connectionId = negotiated.get();
            stateful = StatefulIds.isStateful(connectionId);
            if (stateful && hub.forgotten(connectionId)) {
                // as ASP.NET Core answers a reconnect to a connection it does not have: the client starts over
                return refuse(request, 404, "No connection " + connectionId + " on this replica; start a new one");
            }
        }
        UUID admitted = connectionId;
        boolean isStateful = stateful;
        return routing.reserve(Admission.of(caller, Admission.SIGNALR, connectionId, address))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("connection of %s not admitted: the sessions table cannot be reached: %s", caller.subject(),
                            failure.getMessage());
                    return null;
                })
                .flatMap(slot -> {
                    if (slot == null) {
                        request.response().putHeader("Retry-After", Integer.toString(StartupGate.RETRY_AFTER_SECONDS));
                        return refuse(request, 503, UNAVAILABLE);
                    }
                    if (slot.isEmpty()) {
                        return refuse(request, 429, "This user already has the maximum of connections");
                    }
                    return permit(context, new RteHub.UpgradeData(admitted, id, caller, address, slot.get(), isStateful,
                            snapshot, null, TextFrames.channelOf(request), request.headers()));
                });
    }

    /** Hands what the check learnt to the connection; the request keeps only the headers the handshake reads. */
    private static Uni<CheckResult> permit(HttpUpgradeContext context, RteHub.UpgradeData upgrade) {
        UpgradeFootprint.trimHeaders(context.httpRequest());
        context.userData().put(RteHub.UpgradeData.KEY, upgrade);
        return CheckResult.permitUpgrade();
    }

    /**
     * Answers the problem document itself: websockets-next's rejection sends a status without a
     * body. The returned Uni never completes, so websockets-next leaves the answered request alone.
     */
    private static Uni<CheckResult> refuse(HttpServerRequest request, int status, String detail) {
        Problems.send(request, status, detail);
        return Uni.createFrom().nothing();
    }
}
