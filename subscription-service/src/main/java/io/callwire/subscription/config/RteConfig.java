package io.callwire.subscription.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the real-time WebSocket API ({@code /rte}) and its limits. */
@ConfigMapping(prefix = "callwire.rte")
public interface RteConfig {

    /**
     * Secret (at least 32 characters) that signs the connection tokens handed out by
     * {@code /rte/negotiate}. Every replica must have the same value so that any of them accepts a
     * WebSocket negotiated on another. Comes from a Secret in production; no default.
     */
    String connectionTokenKey();

    /** How long a connection token from negotiate may be used to open the WebSocket. */
    @WithDefault("PT1M")
    Duration connectionTokenTtl();

    /** Interval of the server's Ping messages (SignalR clients time out after 30 s without one). */
    @WithDefault("PT15S")
    Duration pingInterval();

    /** A connection that has not completed the SignalR handshake within this time is closed. */
    @WithDefault("PT15S")
    Duration handshakeTimeout();

    /** A connection from which nothing (not even a Ping) arrived within this time is closed. */
    @WithDefault("PT60S")
    Duration clientTimeout();

    /** Largest record (one SignalR message) a client may send, in bytes. */
    @WithDefault("65536")
    int maxMessageSize();

    /** Most subscriptions one connection may hold. */
    @WithDefault("1000")
    int maxSubscriptionsPerConnection();

    /**
     * Most simultaneous connections of one subject across every replica of the deployment (the
     * replicas share the count in the database, {@code rte_session}).
     */
    @WithDefault("20")
    int maxConnectionsPerUser();

    /**
     * How often this replica proves it is alive in the shared sessions table ({@code rte_replica})
     * and deletes the sessions of replicas that stopped doing so.
     */
    @WithDefault("PT5S")
    Duration replicaHeartbeatInterval();

    /**
     * A replica whose last heartbeat is older than this is dead: its sessions leave the sessions
     * view and stop counting against the per-user limit. At least twice the heartbeat interval.
     */
    @WithDefault("PT15S")
    Duration replicaExpiry();

    /**
     * A name for this replica in the sessions view; empty: the host name and the process id
     * (a pod's name in Kubernetes).
     */
    Optional<String> replicaName();

    /**
     * Bytes written to a client's socket and not yet sent beyond which it is a slow consumer and
     * is closed with {@code "Slow consumer"} (the high water mark of the socket's channel, which
     * counts every frame written, flushed or not).
     */
    @WithDefault("1048576")
    int writeQueueMaxBytes();


    /**
     * Addresses of reverse proxies whose {@code X-Forwarded-For} header is believed when checking
     * the {@code ip} claim of IP-bound tokens. Empty: the TCP peer address is the client address.
     */
    Optional<List<String>> trustedProxies();

    /**
     * How long a revocation is remembered to refuse older tokens of the subject; at least the
     * longest token lifetime auth-service issues.
     */
    @WithDefault("PT24H")
    Duration revocationRetention();

    /**
     * Applies the local run's demo data at start-up (the demo queues and agents, granted to
     * {@code supervisor@demo.test}); true in the {@code local} and {@code dev} profiles only.
     */
    @WithDefault("false")
    boolean seedDemo();
}
