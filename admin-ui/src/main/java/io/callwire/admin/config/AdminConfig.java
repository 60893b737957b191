package io.callwire.admin.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the admin console finds the services it manages, and how it keeps its sessions. */
@ConfigMapping(prefix = "callwire")
public interface AdminConfig {

    /** Base URL of auth-service (env {@code CALLWIRE_AUTH_URL}). */
    @WithDefault("http://localhost:8081")
    String authUrl();

    /** Base URL of subscription-service (env {@code CALLWIRE_SUBSCRIPTION_URL}). */
    @WithDefault("http://localhost:8082")
    String subscriptionUrl();

    /** Base URL of notifier-service (env {@code CALLWIRE_NOTIFIER_URL}). */
    @WithDefault("http://localhost:8083")
    String notifierUrl();

    /** How long the console waits for a service's readiness answer, in milliseconds. */
    @WithDefault("2000")
    int statusTimeoutMs();

    /** The console's sessions and browser rules. */
    Console console();

    interface Console {

        /** A session unused this long ends; the next request goes back to the sign-in page with a message. */
        @WithDefault("PT30M")
        Duration sessionIdleTimeout();

        /** At most this many sessions at once (memory bound); sign-ins beyond it are refused. */
        @WithDefault("10000")
        int maxSessions();

        /**
         * Whether cookies carry {@code Secure}. Unset: yes, except when the console is reached as
         * {@code localhost} or a loopback address (plain HTTP in a local run).
         */
        Optional<Boolean> secureCookies();

        /**
         * Origins the browser may open the live-events WebSocket to (the Content-Security-Policy's
         * {@code connect-src}), space separated. Unset: subscription-service's URL in its {@code ws(s)://} and
         * {@code http(s)://} forms.
         */
        Optional<String> connectSources();
    }
}
