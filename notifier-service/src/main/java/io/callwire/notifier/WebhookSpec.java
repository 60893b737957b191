package io.callwire.notifier;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A webhook endpoint as an organization administrator configures it (the JSON of
 * {@code /api/v1/webhooks}). Secret fields ({@code auth.password}, {@code auth.token},
 * {@code auth.clientSecret}, {@code auth.privateKey}, {@code proxy.password}) are accepted on write
 * and never returned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookSpec(String name, String url, Method method, List<String> events, Filter filter,
                          Payload payload, Auth auth, Map<String, String> headers, Proxy proxy, Integer timeoutMs,
                          Integer maxConnections, Retry retry, Boolean ordered, Boolean enabled) {

    /** How the request is made. */
    public enum Method { GET, POST, SALESFORCE }

    /** Which part of the event is sent. */
    public enum PayloadMode { EVENT, VARIABLES }

    /** How the request authenticates. */
    public enum AuthType { NONE, BASIC, BEARER, OAUTH2_CLIENT_CREDENTIALS, OAUTH2_JWT_BEARER }

    /** Narrows the chosen events to some entities or service queues (empty = all). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Filter(List<UUID> entityIds, List<UUID> queueIds) {
    }

    /**
     * The payload mapping: the whole event, or chosen fields under chosen names — one list for every
     * event ({@code variables}), and/or a list of its own for an event ({@code perEvent}, by event name;
     * an event without one uses {@code variables}).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Payload(PayloadMode mode, List<Variable> variables, Map<String, List<Variable>> perEvent) {

        public Payload(PayloadMode mode, List<Variable> variables) {
            this(mode, variables, null);
        }

        /** The variables sent for {@code eventType}. */
        public List<Variable> variablesFor(String eventType) {
            if (perEvent != null) {
                List<Variable> own = perEvent.get(eventType);
                if (own != null) {
                    return own;
                }
            }
            return variables == null ? List.of() : variables;
        }
    }

    /** One variable: the event field ({@code source}, dotted path or a built-in) sent as {@code name}. */
    public record Variable(String source, String name) {
    }

    /**
     * Authentication. {@code BASIC}: username, password. {@code BEARER}: token.
     * {@code OAUTH2_CLIENT_CREDENTIALS}: tokenUrl, clientId, clientSecret, optional scope.
     * {@code OAUTH2_JWT_BEARER} (RFC 7523, Salesforce): tokenUrl, clientId (issuer of the assertion),
     * username (its subject), audience, privateKey (PKCS#8 PEM, RSA).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Auth(AuthType type, String username, String password, String token, String tokenUrl,
                       String clientId, String clientSecret, String scope, String audience, String privateKey) {

        /** The same authentication without its secret fields. */
        public Auth withoutSecrets() {
            return new Auth(type, username, null, null, tokenUrl, clientId, null, scope, audience, null);
        }
    }

    /** An HTTP proxy ({@code type} HTTP, SOCKS4 or SOCKS5). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Proxy(String type, String host, Integer port, String username, String password) {
    }

    /**
     * Retry policy: at most {@code maxAttempts} attempts; {@code scheduleSeconds[n]} is the delay after
     * the n-th failure ({@code [0]} is the first attempt's, normally 0); {@code retryOn} lists the
     * failures that are retried: {@code CONNECT_ERROR}, {@code TIMEOUT}, {@code 5XX}, {@code 4XX} or a
     * status code such as {@code 429}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Retry(Integer maxAttempts, List<Double> scheduleSeconds, List<String> retryOn) {
    }

    /** This specification without any secret, as stored in plain columns and returned. */
    public WebhookSpec withoutSecrets() {
        Proxy safeProxy = proxy == null ? null : new Proxy(proxy.type(), proxy.host(), proxy.port(), proxy.username(), null);
        return new WebhookSpec(name, url, method, events, filter, payload, auth == null ? null : auth.withoutSecrets(),
                headers, safeProxy, timeoutMs, maxConnections, retry, ordered, enabled);
    }
}
