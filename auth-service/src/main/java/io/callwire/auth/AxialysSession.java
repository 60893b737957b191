package io.callwire.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A session token of the Axialys-style flows: the answer to {@code requete: refresh_token}
 * ({@code id_session}, {@code expire}) and to {@code POST /axialys/vm/token} (all four fields).
 *
 * @param idSession the session token (an RTE token bound to the caller's address)
 * @param expire    when it expires, {@code yyyy-MM-ddTHH:mm:ss.SSSSSS+00:00}
 * @param target    the subject's GUID (user or API client); null in refresh answers
 * @param idClient  the organization's GUID; null in refresh answers
 */
// answered inside a Response: Quarkus cannot see the type, so it is registered for native images
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id_session", "expire", "target", "id_client"})
public record AxialysSession(@JsonProperty("id_session") String idSession, String expire, String target,
                             @JsonProperty("id_client") String idClient) {
}
