package io.callwire.auth.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.config.AuthConfig;
import io.vertx.core.http.HttpServerRequest;

/**
 * The address a request really comes from: the socket peer, unless that peer is a configured
 * trusted proxy, in which case {@code X-Forwarded-For} is read from the right, skipping trusted
 * proxies, and the first untrusted hop is the client. A client cannot forge its address by sending
 * its own {@code X-Forwarded-For}: the entries it adds are to the left of what the proxies add.
 */
@ApplicationScoped
public class ClientAddressResolver {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> trusted;

    public ClientAddressResolver(AuthConfig config) {
        this.trusted = config.trustedProxies().orElse(List.of()).stream().map(ClientAddressResolver::parseRange).toList();
    }

    /** The client address of {@code request}. */
    public String resolve(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (peer == null || trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (literal(hop) == null) {
                return peer; // garbage in the header: do not believe any of it
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The bytes of an IP literal, never a DNS lookup; null when not a literal. */
    private static byte[] literal(String text) {
        if (text.isEmpty() || !text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Range parseRange(String text) {
        String[] parts = text.trim().split("/");
        byte[] network = literal(parts[0]);
        if (network == null) {
            throw new IllegalStateException("callwire.auth.trusted-proxies: not an IP address or CIDR range: " + text);
        }
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
        return new Range(network, prefix);
    }
}
