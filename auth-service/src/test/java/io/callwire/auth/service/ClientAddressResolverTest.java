package io.callwire.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.callwire.auth.config.AuthConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/** Which address a request comes from, with and without trusted proxies. */
class ClientAddressResolverTest {

    @Test
    void withoutTrustedProxiesTheSocketPeerIsTheClientWhateverTheHeaderSays() {
        ClientAddressResolver resolver = new ClientAddressResolver(config(List.of()));
        assertThat(resolver.resolve(request("10.0.0.5", "203.0.113.1"))).isEqualTo("10.0.0.5");
    }

    @Test
    void behindATrustedProxyTheRightmostUntrustedHopIsTheClient() {
        ClientAddressResolver resolver = new ClientAddressResolver(config(List.of("10.0.0.0/8")));
        assertThat(resolver.resolve(request("10.0.0.5", "203.0.113.1"))).isEqualTo("203.0.113.1");
        // the client forged a first entry; the proxy appended the real address
        assertThat(resolver.resolve(request("10.0.0.5", "198.51.100.66, 203.0.113.1"))).isEqualTo("203.0.113.1");
        // two proxies in the chain
        assertThat(resolver.resolve(request("10.0.0.5", "203.0.113.1, 10.1.2.3"))).isEqualTo("203.0.113.1");
        // garbage is not believed
        assertThat(resolver.resolve(request("10.0.0.5", "evil.example"))).isEqualTo("10.0.0.5");
        // an untrusted peer's header is ignored
        assertThat(resolver.resolve(request("192.0.2.9", "203.0.113.1"))).isEqualTo("192.0.2.9");
    }

    private static HttpServerRequest request(String peer, String forwardedFor) {
        SocketAddress address = SocketAddress.inetSocketAddress(1234, peer);
        Map<String, String> headers = Map.of("X-Forwarded-For", forwardedFor);
        return (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(), new Class<?>[] { HttpServerRequest.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "remoteAddress" -> address;
                    case "getHeader" -> headers.get(String.valueOf(args[0]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static AuthConfig config(List<String> trusted) {
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] { AuthConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("trustedProxies")) {
                        return trusted.isEmpty() ? Optional.empty() : Optional.of(trusted);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
