package io.callwire.auth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Axialys document's answer to {@code requete: init}: the organization's operators and groups,
 * the supervisor's id ({@code target}) and the session token.
 *
 * @param ops       the organization's agents: {@code id} (user GUID), {@code nom}, {@code groupes}
 * @param groupes   groups (queues); empty: auth-service does not own queues (see the README)
 * @param trunks    routing accounts; Callwire has none
 * @param pauses    break types; Callwire has none
 * @param target    the supervisor's user GUID, the second argument of {@code init}
 * @param expire    when {@code id_session} expires, {@code yyyy-MM-ddTHH:mm:ss.SSSSSS+00:00}
 * @param idSession the session token (an RTE token bound to the caller's address)
 */
// answered inside a Response: Quarkus cannot see the type, so it is registered for native images
@RegisterForReflection(targets = {AxialysInit.class, AxialysInit.Operator.class, AxialysInit.Named.class, AxialysInit.Pause.class})
@JsonPropertyOrder({"ops", "groupes", "trunks", "pauses", "target", "expire", "id_session"})
public record AxialysInit(List<Operator> ops, List<Named> groupes, List<Named> trunks, List<Pause> pauses,
                          String target, String expire, @JsonProperty("id_session") String idSession) {

    /** An operator (agent) of the organization. */
    public record Operator(String id, String nom, List<String> groupes) {
    }

    /** A group or trunk. */
    public record Named(String id, String nom) {
    }

    /** A break type. */
    public record Pause(String id, String value) {
    }
}
