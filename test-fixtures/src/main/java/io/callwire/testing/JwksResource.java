package io.callwire.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.callwire.contract.security.TokenClaims;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Serves the JWKS of {@link TestTokens} over real HTTP on a free port and points smallrye-jwt of
 * the application under test at it, with the test issuer and the Callwire audience: services verify
 * test tokens exactly as they verify auth-service's in production. Both Callwire audiences are
 * accepted by smallrye-jwt; which kind an endpoint takes is the security kit's rule (service-support).
 */
public class JwksResource implements QuarkusTestResourceLifecycleManager {

    /** Path the JWKS is served at, as auth-service serves it. */
    public static final String PATH = "/.well-known/jwks.json";

    private static HttpServer server;

    /** Starts the shared JWKS server if needed and returns its URL. */
    public static synchronized String jwksUrl() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] body = TestTokens.jwks().getBytes(StandardCharsets.UTF_8);
            server.createContext(PATH, exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            HttpServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.stop(0), "jwks-server-stop"));
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", jwksUrl(),
                "mp.jwt.verify.publickey.algorithm", TestTokens.ALGORITHM,
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "mp.jwt.verify.audiences", TokenClaims.AUDIENCE_API + "," + TokenClaims.AUDIENCE_RTE);
    }

    @Override
    public void stop() {
        // kept for the other test classes of this JVM
    }
}
