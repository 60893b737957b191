package io.callwire.simulator;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.messaging.EventMessages;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Publishes simulated contact-center traffic to an AMQP 1.0 address ({@code callwire.events} by
 * default) at a steady rate.
 *
 * <p>Each event is one message: the event JSON ({@link EventCodec}, PascalCase) as a single
 * {@code Data} section, content type {@code application/json}, message id = the event {@code Id},
 * durable, with a TTL when the event has one, and the application properties {@code EventType},
 * {@code EntityType} and {@code OrganizationId}.
 *
 * <p>Flow control: events are generated only when they are due (rate), when fewer than
 * {@link SimulatorConfig#maxInFlight()} sends are unsettled and when the broker has granted
 * credit, so nothing queues up in memory. When the simulator falls more than a second behind
 * (slow broker, reconnection) it drops the backlog instead of bursting. A lost connection is
 * retried every few seconds.
 *
 * <pre>{@code
 * try (Simulator simulator = Simulator.start(SimulatorConfig.builder().demo(true).rate(10).build())) {
 *     ...
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Simulator.class.getName());
    private static final long TICK_MILLIS = 10;
    private static final long MAX_RECONNECT_DELAY_MILLIS = 5_000;
    private static final long REPORT_INTERVAL_NANOS = 30_000_000_000L;

    private final SimulatorConfig config;
    private final TrafficGenerator generator;
    private final EventCodec codec = new EventCodec();
    private final Vertx vertx;
    private final Context context;
    private final AmqpClient client;
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, LongAdder> acceptedByType = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    // confined to the context
    private AmqpConnection connection;
    private AmqpSender sender;
    private long paceBaseNanos;
    private long paceBaseCount;
    private long reconnectDelay = 500;
    private boolean generating = true;
    private boolean closed;
    private long timer = -1;
    private long droppedBacklog;
    private long lastBehindWarningNanos;
    private long lastReportNanos = System.nanoTime();
    private long lastReportAccepted;

    private Simulator(SimulatorConfig config) {
        this.config = config;
        this.generator = new TrafficGenerator(config);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.context = vertx.getOrCreateContext();
        AmqpClientOptions options = new AmqpClientOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setContainerId("callwire-simulator-" + ProcessHandle.current().pid() + "-" + System.identityHashCode(this))
                .setConnectTimeout(5_000);
        if (config.username() != null) {
            options.setUsername(config.username()).setPassword(config.password());
        }
        this.client = AmqpClient.create(vertx, options);
    }

    /**
     * Starts publishing in the background: connects (retrying until the broker is there) and sends
     * events until the configured count or duration is reached, or until {@link #close()}.
     */
    public static Simulator start(SimulatorConfig config) {
        Simulator simulator = new Simulator(config);
        LOG.info(() -> "Simulator starting: " + config + "; tenants " + simulator.generator.tenants().stream()
                .map(t -> t.name() + " " + t.id()).toList());
        simulator.context.runOnContext(v -> {
            simulator.connect();
            simulator.timer = simulator.vertx.setPeriodic(TICK_MILLIS, id -> simulator.tick());
        });
        return simulator;
    }

    /**
     * The events of a configuration without a broker, stamped with event time starting at
     * {@link SimulatorConfig#startTime()}: deterministic for a seed. Limited by the configured
     * count or duration, infinite otherwise.
     */
    public static Stream<EventEnvelope> events(SimulatorConfig config) {
        return TrafficGenerator.stream(config);
    }

    /** The configuration this simulator runs with. */
    public SimulatorConfig config() {
        return config;
    }

    /** The simulated tenants. */
    public java.util.List<Tenant> tenants() {
        return generator.tenants();
    }

    /** A snapshot of the counters. */
    public SimulatorStats stats() {
        Map<String, Long> byType = new TreeMap<>();
        acceptedByType.forEach((k, v) -> byType.put(k, v.sum()));
        return new SimulatorStats(generated.get(), accepted.get(), failed.get(), inFlight.get(), Map.copyOf(byType));
    }

    /** Waits until the first connection to the broker is up; false on timeout. */
    public boolean awaitConnected(Duration timeout) {
        return await(firstConnection, timeout);
    }

    /**
     * Waits until the configured count or duration is reached and every sent event is settled;
     * false on timeout (and always false for an unlimited simulation that is not closed).
     */
    public boolean awaitCompletion(Duration timeout) {
        return await(completion, timeout);
    }

    /** The same as {@link #close()}. */
    public void stop() {
        close();
    }

    /** Stops generating, waits up to five seconds for unsettled sends, closes the connection. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        context.runOnContext(v -> {
            generating = false;
            closed = true;
            if (inFlight.get() == 0 || sender == null) {
                drained.complete(null);
            } else {
                // settle what is on the wire, checked on each tick
                vertx.setPeriodic(TICK_MILLIS, id -> {
                    if (inFlight.get() == 0 || sender == null) {
                        vertx.cancelTimer(id);
                        drained.complete(null);
                    }
                });
            }
        });
        await(drained, Duration.ofSeconds(5));
        CompletableFuture<Void> disconnected = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            client.close().onComplete(ar -> disconnected.complete(null));
        });
        await(disconnected, Duration.ofSeconds(5));
        completion.complete(null);
        firstConnection.completeExceptionally(new IllegalStateException("closed"));
        await(vertx.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(5));
        SimulatorStats stats = stats();
        LOG.info(() -> "Simulator stopped: " + stats.accepted() + " events accepted, " + stats.failed() + " failed");
    }

    private void connect() {
        if (closed) {
            return;
        }
        client.connect()
                .compose(conn -> {
                    connection = conn;
                    conn.exceptionHandler(e -> LOG.log(Level.FINE, "AMQP connection error", e));
                    conn.closeFuture().onComplete(ar -> onDisconnected(conn));
                    // capability topic: the address is multicast, every subscriber gets its copy
                    return conn.createSender(config.address(), new AmqpSenderOptions().addCapability("topic"));
                })
                .onSuccess(s -> {
                    sender = s;
                    sender.exceptionHandler(e -> LOG.log(Level.FINE, "AMQP sender error", e));
                    sender.drainHandler(v -> tick());
                    reconnectDelay = 500;
                    paceBaseNanos = System.nanoTime();
                    paceBaseCount = generated.get();
                    LOG.info(() -> "Connected to amqp://" + config.host() + ":" + config.port() + ", publishing to "
                            + config.address() + " at " + config.rate() + " events/s");
                    firstConnection.complete(null);
                })
                .onFailure(e -> {
                    LOG.warning(() -> "Cannot reach the AMQP broker at " + config.host() + ":" + config.port() + " ("
                            + e.getMessage() + "); retrying in " + reconnectDelay + " ms");
                    scheduleReconnect();
                });
    }

    private void onDisconnected(AmqpConnection conn) {
        if (conn != connection) {
            return;
        }
        connection = null;
        sender = null;
        if (!closed) {
            LOG.warning(() -> "AMQP connection lost; reconnecting in " + reconnectDelay + " ms");
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay = reconnectDelay;
        reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_DELAY_MILLIS);
        vertx.setTimer(delay, id -> connect());
    }

    /** Sends what is due, within the in-flight bound and the broker's credit. Runs on the context. */
    private void tick() {
        if (!generating) {
            completeIfDone();
            return;
        }
        if (config.duration() != null && System.nanoTime() - startNanos >= config.duration().toNanos()) {
            stopGenerating("duration of " + config.duration() + " reached");
            return;
        }
        long now = System.nanoTime();
        if (now - lastReportNanos >= REPORT_INTERVAL_NANOS) {
            report(now);
        }
        AmqpSender s = sender;
        if (s == null) {
            return;
        }
        long due = paceBaseCount + (long) ((now - paceBaseNanos) / 1e9 * config.rate()) + 1;
        long behind = due - generated.get();
        if (behind > Math.max(1, (long) config.rate())) {
            // more than a second behind: drop the backlog rather than burst into a slow broker
            droppedBacklog += behind;
            if (now - lastBehindWarningNanos > 10_000_000_000L) {
                lastBehindWarningNanos = now;
                long skipped = droppedBacklog;
                LOG.warning(() -> "The broker settles fewer than " + config.rate() + " events/s (max in flight "
                        + config.maxInFlight() + "); " + skipped + " scheduled events skipped so far");
            }
            paceBaseNanos = now;
            paceBaseCount = generated.get();
            due = paceBaseCount + 1;
        }
        if (config.maxEvents() > 0) {
            due = Math.min(due, config.maxEvents());
        }
        while (generated.get() < due && inFlight.get() < config.maxInFlight() && !s.writeQueueFull()) {
            send(s);
        }
        if (config.maxEvents() > 0 && generated.get() >= config.maxEvents()) {
            stopGenerating(config.maxEvents() + " events generated");
        }
    }

    private void report(long now) {
        long total = accepted.get();
        double perSecond = (total - lastReportAccepted) / ((now - lastReportNanos) / 1e9);
        lastReportNanos = now;
        lastReportAccepted = total;
        LOG.info(() -> String.format("%d events accepted (%.0f/s over the last 30 s), %d failed, %d in flight%s",
                total, perSecond, failed.get(), inFlight.get(), sender == null ? ", not connected" : ""));
    }

    private void send(AmqpSender s) {
        EventEnvelope event = generator.next(Instant.now());
        AmqpMessage message = toMessage(event);
        generated.incrementAndGet();
        inFlight.incrementAndGet();
        s.sendWithAck(message).onComplete(ar -> {
            inFlight.decrementAndGet();
            if (ar.succeeded()) {
                accepted.incrementAndGet();
                acceptedByType.computeIfAbsent(event.eventType(), k -> new LongAdder()).increment();
            } else {
                long failures = failed.incrementAndGet();
                if (failures == 1 || failures % 1000 == 0) {
                    LOG.warning(() -> "Event " + event.id() + " (" + event.eventType() + ") not accepted: "
                            + ar.cause().getMessage() + " (" + failures + " failures so far)");
                }
            }
            if (!generating) {
                completeIfDone();
            }
        });
    }

    /** The AMQP message of an event, as every Callwire consumer expects it. */
    AmqpMessage toMessage(EventEnvelope event) {
        var builder = AmqpMessage.create()
                .id(event.id().toString())
                .durable(true)
                .contentType(Addresses.CONTENT_TYPE_JSON)
                .applicationProperties(new JsonObject(EventMessages.applicationProperties(event)))
                // one entity's events go to one consumer of a shared queue, in order (message groups)
                .groupId(EventMessages.groupId(event))
                .withBufferAsBody(Buffer.buffer(codec.encode(event)));
        if (event.messageTtlSeconds() > 0) {
            builder.ttl(event.messageTtlSeconds() * 1000);
        }
        return builder.build();
    }

    private void stopGenerating(String why) {
        if (generating) {
            generating = false;
            LOG.info(() -> "Simulator done generating: " + why);
        }
        completeIfDone();
    }

    private void completeIfDone() {
        if (!generating && inFlight.get() == 0 && !completion.isDone()) {
            completion.complete(null);
        }
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
