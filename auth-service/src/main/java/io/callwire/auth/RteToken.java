package io.callwire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The reference API's answer to {@code GET /token/{userId}/rte/}: where to connect and with what. */
public record RteToken(@JsonProperty("WssEndpoint") String wssEndpoint, @JsonProperty("Token") String token) {
}
