package io.callwire.simulator;

import io.callwire.contract.messaging.Addresses;

import java.time.Duration;
import java.time.Instant;

/**
 * What to simulate and where to publish it. Build with {@link #builder()}; every setting has a
 * default that runs against a local broker.
 *
 * @param host                  AMQP broker host
 * @param port                  AMQP broker port
 * @param username              AMQP user, or {@code null} for an anonymous connection
 * @param password              AMQP password, or {@code null}
 * @param address               the address events are sent to
 * @param organizations         number of generated organizations (ignored with {@code demo})
 * @param usersPerOrganization  agents per organization (ignored with {@code demo})
 * @param queuesPerOrganization service queues per organization (ignored with {@code demo})
 * @param callListsPerOrganization callback lists per organization (ignored with {@code demo})
 * @param rate                  events per second
 * @param seed                  seed of every random choice: the same seed gives the same traffic
 * @param maxEvents             stop after this many events; 0 for no limit
 * @param duration              stop after this long; {@code null} for no limit
 * @param demo                  simulate the fixed demo organization ({@link DemoTenant}) instead of generated ones
 * @param maxInFlight           the most messages sent and not yet accepted by the broker
 * @param queueStatusInterval   how often each queue publishes its {@code QueueStatus} (event time)
 * @param startTime             the first event's timestamp for {@link Simulator#events}; the live
 *                              simulator stamps events with the wall clock instead
 */
public record SimulatorConfig(String host, int port, String username, String password, String address,
                              int organizations, int usersPerOrganization, int queuesPerOrganization,
                              int callListsPerOrganization, double rate, long seed, long maxEvents, Duration duration,
                              boolean demo, int maxInFlight, Duration queueStatusInterval, Instant startTime) {

    /** Default broker host. */
    public static final String DEFAULT_HOST = "localhost";
    /** Default broker port. */
    public static final int DEFAULT_PORT = 5672;
    /** Default events per second. */
    public static final double DEFAULT_RATE = 20;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;

    /** Checks the settings. */
    public SimulatorConfig {
        require(port > 0 && port < 65536, "port must be between 1 and 65535");
        require(organizations >= 1, "organizations must be at least 1");
        require(usersPerOrganization >= 1, "users must be at least 1");
        require(queuesPerOrganization >= 1, "queues must be at least 1");
        require(callListsPerOrganization >= 0, "call lists must not be negative");
        require(rate > 0 && rate <= 1_000_000, "rate must be more than 0 and at most 1000000 events per second");
        require(maxEvents >= 0, "count must not be negative");
        require(duration == null || !duration.isNegative() && !duration.isZero(), "duration must be positive");
        require(maxInFlight >= 1, "max in-flight must be at least 1");
        require(queueStatusInterval != null && !queueStatusInterval.isNegative() && !queueStatusInterval.isZero(),
                "queue status interval must be positive");
        address = address == null ? Addresses.EVENTS : address;
        host = host == null ? DEFAULT_HOST : host;
        startTime = startTime == null ? Instant.parse("2026-01-05T08:00:00Z") : startTime;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.username = username;
        b.password = password;
        b.address = address;
        b.organizations = organizations;
        b.users = usersPerOrganization;
        b.queues = queuesPerOrganization;
        b.callLists = callListsPerOrganization;
        b.rate = rate;
        b.seed = seed;
        b.maxEvents = maxEvents;
        b.duration = duration;
        b.demo = demo;
        b.maxInFlight = maxInFlight;
        b.queueStatusInterval = queueStatusInterval;
        b.startTime = startTime;
        return b;
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "SimulatorConfig[" + host + ":" + port + (username == null ? "" : " as " + username) + " -> " + address
                + (demo ? ", demo tenant" : ", " + organizations + " org(s) x " + usersPerOrganization + " users, "
                + queuesPerOrganization + " queues, " + callListsPerOrganization + " call lists")
                + ", " + rate + " events/s, seed " + seed
                + (maxEvents > 0 ? ", " + maxEvents + " events" : "") + (duration != null ? ", for " + duration : "") + "]";
    }

    /** Builder of {@link SimulatorConfig}; the defaults are listed on each setter. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String username;
        private String password;
        private String address = Addresses.EVENTS;
        private int organizations = 1;
        private int users = 10;
        private int queues = 3;
        private int callLists = 2;
        private double rate = DEFAULT_RATE;
        private long seed = DEFAULT_SEED;
        private long maxEvents;
        private Duration duration;
        private boolean demo;
        private int maxInFlight = 1024;
        private Duration queueStatusInterval = Duration.ofSeconds(5);
        private Instant startTime;

        private Builder() {
        }

        /** Broker host, default {@code localhost}. */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** Broker port, default 5672. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Broker user and password, default none (anonymous). */
        public Builder credentials(String user, String secret) {
            username = user;
            password = secret;
            return this;
        }

        /** Target address, default {@code callwire.events}. */
        public Builder address(String value) {
            address = value;
            return this;
        }

        /** Generated organizations, default 1. */
        public Builder organizations(int value) {
            organizations = value;
            return this;
        }

        /** Agents per organization, default 10. */
        public Builder usersPerOrganization(int value) {
            users = value;
            return this;
        }

        /** Queues per organization, default 3. */
        public Builder queuesPerOrganization(int value) {
            queues = value;
            return this;
        }

        /** Call lists per organization, default 2. */
        public Builder callListsPerOrganization(int value) {
            callLists = value;
            return this;
        }

        /** Events per second, default 20. */
        public Builder rate(double value) {
            rate = value;
            return this;
        }

        /** Random seed, default 42. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Stop after this many events, default 0 (no limit). */
        public Builder maxEvents(long value) {
            maxEvents = value;
            return this;
        }

        /** Stop after this long, default none (no limit). */
        public Builder duration(Duration value) {
            duration = value;
            return this;
        }

        /** Simulate the demo organization, default false. */
        public Builder demo(boolean value) {
            demo = value;
            return this;
        }

        /** Most unacknowledged messages, default 1024. */
        public Builder maxInFlight(int value) {
            maxInFlight = value;
            return this;
        }

        /** Interval of each queue's {@code QueueStatus}, default 5 s. */
        public Builder queueStatusInterval(Duration value) {
            queueStatusInterval = value;
            return this;
        }

        /** First event time of the broker-less stream, default 2026-01-05T08:00:00Z. */
        public Builder startTime(Instant value) {
            startTime = value;
            return this;
        }

        /** The configuration; throws {@link IllegalArgumentException} naming the first bad setting. */
        public SimulatorConfig build() {
            return new SimulatorConfig(host, port, username, password, address, organizations, users, queues, callLists,
                    rate, seed, maxEvents, duration, demo, maxInFlight, queueStatusInterval, startTime);
        }
    }
}
