package io.callwire.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What auth-service answers and accepts: users, API clients, organizations and tokens. */
public final class Accounts {

    private Accounts() {
    }

    /** {@code POST /oauth/token}'s answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("refresh_token") String refreshToken,
                                @JsonProperty("expires_in") long expiresIn) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(UUID id, UUID organizationId, String username, String displayName, List<String> roles,
                       boolean enabled, Instant createdAt) {

        public String rolesText() {
            return roles == null ? "" : String.join(", ", roles);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewUser(UUID organizationId, String username, String displayName, String password, List<String> roles) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserChanges(String displayName, String password, List<String> roles, Boolean enabled) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApiClient(UUID id, UUID organizationId, String clientId, String name, List<String> roles,
                            boolean enabled, String clientSecret, Instant createdAt) {

        public String rolesText() {
            return roles == null ? "" : String.join(", ", roles);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewClient(UUID organizationId, String clientId, String name, List<String> roles) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Organization(UUID id, String name, boolean enabled) {
    }

    /** The reference API's RTE token answer, exactly {@code {WssEndpoint, Token}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RteToken(@JsonProperty("WssEndpoint") String wssEndpoint, @JsonProperty("Token") String token) {
    }
}
