package io.callwire.admin;

/**
 * Whether one Callwire service answered its readiness check.
 *
 * @param name   the service, e.g. {@code auth-service}
 * @param url    its base URL
 * @param ready  true when {@code /q/health/ready} answered 200
 * @param detail the HTTP status or the error, for the operator
 */
public record ServiceStatus(String name, String url, boolean ready, String detail) {
}
