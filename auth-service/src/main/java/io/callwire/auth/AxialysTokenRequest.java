package io.callwire.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /axialys/vm/token}: {@code {"user_type": "api" | "agent" | "supervisor"}}. */
public record AxialysTokenRequest(@JsonProperty("user_type") String userType) {
}
