package io.callwire.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the admin console finds the services it manages. */
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
}
