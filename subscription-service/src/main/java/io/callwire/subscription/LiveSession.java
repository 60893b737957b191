package io.callwire.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One live real-time connection of the deployment (any replica), as the sessions view shows it.
 *
 * @param connectionId  the connection's id (SignalR connection id; a Socket.IO stream's own id)
 * @param subject       user or client GUID
 * @param upn           user principal name
 * @param protocol      {@code signalr} ({@code /rte}) or {@code socket.io} ({@code /socket.io/})
 * @param replica       the replica that holds it (its name: the pod, or host and process id)
 * @param remoteAddress client address
 * @param connectedAt   when it connected
 * @param subscriptions its subscriptions
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record LiveSession(UUID connectionId, String subject, String upn, String protocol, String replica,
                          String remoteAddress, Instant connectedAt, List<Subscription> subscriptions) {
}
