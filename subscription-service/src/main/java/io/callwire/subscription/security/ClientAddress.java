package io.callwire.subscription.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.callwire.support.security.ClientAddressResolver;
import io.vertx.core.http.HttpServerRequest;

/**
 * The address a request comes from, for IP-bound tokens: the security kit's
 * {@link ClientAddressResolver} (trusted proxies as addresses or CIDR ranges, key
 * {@code callwire.security.trusted-proxies}), under the name the real-time endpoint uses.
 */
@ApplicationScoped
public class ClientAddress {

    private final ClientAddressResolver resolver;

    @Inject
    public ClientAddress(ClientAddressResolver resolver) {
        this.resolver = resolver;
    }

    ClientAddress(List<String> trustedProxies) {
        this(new ClientAddressResolver(trustedProxies));
    }

    /** The client's address as written on the wire (textual IP). */
    public String of(HttpServerRequest request) {
        return resolver.resolve(request);
    }

    /** The client's address given the TCP peer and the {@code X-Forwarded-For} header (may be null). */
    String of(String peer, String forwarded) {
        return resolver.resolve(peer, forwarded);
    }

    /** Whether the two textual addresses are the same IP (IPv4-mapped IPv6 equals its IPv4). */
    public static boolean sameAddress(String a, String b) {
        return ClientAddressResolver.sameAddress(a, b);
    }
}
