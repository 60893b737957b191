package io.callwire.subscription.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.SubscriptionResult;
import io.callwire.subscription.service.ActiveSubscription;
import io.callwire.subscription.service.RoutedEvent;
import io.callwire.subscription.service.SubscriberConnection;
import io.callwire.subscription.service.SubscriberSession;
import io.callwire.subscription.service.SubscriptionRequest;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;

/**
 * One SignalR connection: the JSON hub protocol's state (handshake, hub methods, keep-alive,
 * close, stateful reconnect) on top of a {@link HubWriter}, with its subscriptions in a
 * {@link SubscriberSession}. Everything runs on the connection's event loop ({@link #context()}),
 * except {@link #close}, which hops onto it.
 */
final class HubConnection implements SubscriberConnection {

    private static final Logger LOG = Logger.getLogger(HubConnection.class);

    private enum State { HANDSHAKE, OPEN, CLOSED }

    /** What the connection needs from its hub, passed in once. */
    record Collaborators(HubCodec codec, List<String> eventNames, io.callwire.subscription.config.RteConfig config,
                         io.callwire.subscription.config.HubConfig hubConfig,
                         io.callwire.subscription.service.RteMetrics metrics, RteHub hub,
                         io.netty.channel.WriteBufferWaterMark writeBound) {
    }

    private final UUID connectionId;
    private final String connectionToken;
    private final Caller caller;
    private final String remoteAddress;
    private final Instant connectedAt = Instant.now();
    private final Context context;
    private final Collaborators with;
    /** Negotiated stateful reconnect and spoke version 2 of the JSON protocol at the handshake. */
    private volatile boolean stateful;
    private final HubWriter writer;
    private final RecordSplitter splitter;
    private SubscriberSession session;
    private State state = State.HANDSHAKE;
    private volatile long lastReceived = System.nanoTime();
    // stateful reconnect, receiving side (as ASP.NET Core's MessageBuffer)
    private long nextReceivingSequenceId = 1;
    private long latestReceivedSequenceId;
    private boolean waitingForSequence;
    private boolean ackDue;
    private long parkedSince;
    /** The handshake timeout's timer until the handshake is done, else -1. */
    private long handshakeTimer = -1;

    HubConnection(UUID connectionId, String connectionToken, Caller caller, String remoteAddress, Context context,
                  WebSocketConnection socket, io.netty.channel.ChannelHandlerContext channel, boolean stateful,
                  Collaborators with) {
        this.connectionId = connectionId;
        this.connectionToken = connectionToken;
        this.caller = caller;
        this.remoteAddress = remoteAddress;
        this.context = context;
        this.with = with;
        this.stateful = stateful;
        this.writer = new HubWriter(socket, channel, with.writeBound(), with.hubConfig().statefulReconnectBufferBytes(),
                stateful);
        this.splitter = new RecordSplitter(with.config().maxMessageSize());
    }

    void attach(SubscriberSession session) {
        this.session = session;
    }

    // ---------------------------------------------------------------- SubscriberConnection

    @Override
    public UUID connectionId() {
        return connectionId;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public List<Subscription> subscriptions() {
        SubscriberSession current = session;
        return current == null ? List.of() : current.active();
    }

    @Override
    public Object prepare(Subscription subscription) {
        return with.codec().messagePrefix(subscription);
    }

    @Override
    public boolean deliver(ActiveSubscription subscription, RoutedEvent event) {
        return deliver(subscription, event, true);
    }

    /** A delivery of the mailbox's batch: flushed by {@link #flush} when the batch is done. */
    @Override
    public boolean deliverBatched(ActiveSubscription subscription, RoutedEvent event) {
        return deliver(subscription, event, false);
    }

    @Override
    public void flush() {
        writer.flush();
    }

    private boolean deliver(ActiveSubscription subscription, RoutedEvent event, boolean flush) {
        if (state != State.OPEN) {
            return false;
        }
        byte[] record = with.codec().messageRecord((byte[]) subscription.prepared(), event.encoded(with.codec().clientEvent));
        return write(record, flush);
    }

    @Override
    public void revoked(List<Subscription> lost) {
        if (state == State.OPEN) {
            write(with.codec().invocation("SubscriptionRevoked", lost));
        }
    }

    @Override
    public void close(CloseCause cause) {
        switch (cause) {
            case TOKEN_REVOKED -> closeWithError("Token revoked", false);
            case SHUTTING_DOWN -> closeWithError("Server shutting down", true);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Whether the caller runs on this connection's event loop context (or a duplicate of it). */
    boolean onItsLoop() {
        io.vertx.core.Context current = io.vertx.core.Vertx.currentContext();
        return current != null && io.smallrye.common.vertx.VertxContext.getRootContext(current) == context;
    }

    /** The connection token the client connected with (stateful reconnect finds its session by it). */
    String connectionToken() {
        return connectionToken;
    }

    boolean stateful() {
        return stateful;
    }

    boolean isOpen() {
        return state != State.CLOSED;
    }

    /** Nanos since the socket dropped, for the reconnect window; 0 when attached. */
    long parkedSince() {
        return parkedSince;
    }

    /** The timer of the handshake timeout, cancelled when the handshake is done. */
    void handshakeTimer(long timer) {
        handshakeTimer = timer;
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer >= 0) {
            context.owner().cancelTimer(handshakeTimer);
            handshakeTimer = -1;
        }
    }

    /** Handshake timeout. */
    void handshakeDeadline() {
        handshakeTimer = -1;
        if (state == State.HANDSHAKE) {
            closeWithError("Handshake was not received in time", false);
        }
    }

    /**
     * The keep-alive sweep: closes a client silent for longer than the client timeout, and sends a
     * Ping only when nothing was written to the client for {@code pingAfterNanos} (as ASP.NET Core's
     * keep-alive: any message resets the client's server timeout, so a connection receiving events
     * needs no Ping).
     */
    void keepAlive(long now, long pingAfterNanos, long clientTimeoutNanos) {
        if (state != State.OPEN || !writer.attached()) {
            return;
        }
        if (now - lastReceived > clientTimeoutNanos) {
            closeWithError("Server timeout elapsed without receiving a message from the client", true);
            return;
        }
        if (now - writer.lastSentNanos() >= pingAfterNanos) {
            writer.writeControl(HubCodec.PING_BYTES);
        }
    }

    /**
     * The WebSocket closed. A stateful connection whose socket dropped (no close frame) stays
     * registered, buffering, until a reconnect resumes it or the window passes; anything else ends.
     */
    void onSocketClosed(WebSocketConnection socket, boolean dropped) {
        if (writer.socket() != socket) {
            LOG.debugf("connection %s: an older socket closed", connectionId);
            return; // an older socket of a resumed connection
        }
        if (stateful && dropped && state == State.OPEN) {
            writer.detach();
            parkedSince = System.nanoTime();
            LOG.debugf("connection %s: socket dropped, kept for a stateful reconnect", connectionId);
            return;
        }
        end();
    }

    /** A stateful reconnect: continue on a new socket, replaying what the client did not acknowledge. */
    void resume(WebSocketConnection socket, io.netty.channel.ChannelHandlerContext channel) {
        WebSocketConnection old = writer.socket();
        if (old != null && old != socket) {
            old.close().subscribe().with(ok -> { }, failure -> { });
        }
        parkedSince = 0;
        lastReceived = System.nanoTime();
        waitingForSequence = true; // the client first sends Sequence, then what we did not acknowledge
        writer.resume(socket, channel);
        with.metrics().resumed();
    }

    /** Ends the connection for good: subscriptions, registration, reconnect window. */
    void end() {
        if (state == State.CLOSED && session == null) {
            return;
        }
        LOG.debugf("connection %s: ended", connectionId);
        state = State.CLOSED;
        cancelHandshakeTimer();
        writer.close();
        with.hub().ended(this);
        session = null;
    }

    // ---------------------------------------------------------------- inbound

    /** One WebSocket message (text or binary); records may span or share messages. */
    void onMessage(byte[] data) {
        if (state == State.CLOSED) {
            return;
        }
        lastReceived = System.nanoTime();
        boolean within = splitter.append(data, record -> {
            handleRecord(record);
            return state != State.CLOSED;
        });
        if (!within && state != State.CLOSED) {
            closeWithError(tooLarge(), false);
        }
        if (ackDue && state == State.OPEN) {
            ackDue = false;
            writer.writeControl(HubCodec.ack(latestReceivedSequenceId));
        }
    }

    /** A WebSocket message over the server's frame or message limit (the socket refused it). */
    String tooLarge() {
        return "Message exceeds the maximum size of " + with.config().maxMessageSize() + " bytes";
    }

    private void handleRecord(byte[] record) {
        if (record.length > with.config().maxMessageSize()) {
            closeWithError(tooLarge(), false);
            return;
        }
        JsonNode message;
        try {
            message = with.codec().mapper().readTree(record);
        } catch (java.io.IOException | RuntimeException malformed) {
            closeWithError(state == State.HANDSHAKE ? "Handshake request is not valid JSON" : "Message is not valid JSON", false);
            return;
        }
        if (message == null || !message.isObject()) {
            closeWithError("Message must be a JSON object", false);
            return;
        }
        if (state == State.HANDSHAKE) {
            handshake((ObjectNode) message);
        } else {
            dispatch((ObjectNode) message);
        }
    }

    private void handshake(ObjectNode request) {
        if (stateful && request.path("type").asInt(-1) == HubCodec.SEQUENCE) {
            // a stateful reconnect that reached a replica without its session: refuse it so that
            // the client starts over (its next attempt with this id gets 404 at the upgrade)
            LOG.debugf("connection %s: reconnect without a session on this replica", connectionId);
            with.hub().forget(connectionId);
            state = State.CLOSED;
            closeSocket();
            return;
        }
        String protocol = request.path("protocol").asText(null);
        if (!"json".equals(protocol)) {
            handshakeError("Requested protocol '" + protocol + "' is not available.");
            return;
        }
        // version 2 adds the Ack and Sequence messages of stateful reconnect (ASP.NET Core 8+)
        int version = request.path("version").asInt(-1);
        if (version != 1 && version != 2) {
            handshakeError("The server does not support version " + request.path("version") + " of the 'json' protocol.");
            return;
        }
        if (stateful && version < 2) {
            stateful = false;
            writer.unsequenced();
        }
        state = State.OPEN;
        cancelHandshakeTimer();
        writer.writeControl(HubCodec.HANDSHAKE_OK_BYTES);
    }

    private void handshakeError(String error) {
        writer.writeControl(with.codec().handshakeError(error));
        state = State.CLOSED;
        closeSocket();
    }

    private void dispatch(ObjectNode message) {
        JsonNode type = message.get("type");
        if (type == null || !type.isInt()) {
            closeWithError("Message has no integer 'type'", false);
            return;
        }
        int messageType = type.intValue();
        if (stateful && !shouldProcess(messageType, message)) {
            return;
        }
        JsonNode id = message.get("invocationId");
        String invocationId = id != null && id.isTextual() ? id.textValue() : null;
        switch (messageType) {
            case HubCodec.INVOCATION -> invoke(invocationId, message.path("target").asText(""), message.get("arguments"));
            case HubCodec.STREAM_INVOCATION -> session.inOrder(done -> {
                complete(invocationId, null, "Streaming hub methods are not supported");
                done.run();
            });
            // ASP.NET Core ignores a cancellation of an invocation that is not a stream
            case HubCodec.CANCEL_INVOCATION, HubCodec.PING_TYPE -> { }
            case HubCodec.ACK -> {
                if (stateful) {
                    writer.acknowledge(message.path("sequenceId").asLong());
                }
            }
            case HubCodec.SEQUENCE -> { } // handled by shouldProcess
            case HubCodec.CLOSE -> {
                state = State.CLOSED;
                closeSocket();
            }
            default -> closeWithError("Message type " + messageType + " is not supported", false);
        }
    }

    /**
     * The receiving half of stateful reconnect: after a resume only the client's Sequence message
     * counts until it arrives; messages the client sends again that were already handled are skipped.
     */
    private boolean shouldProcess(int messageType, ObjectNode message) {
        if (waitingForSequence) {
            if (messageType != HubCodec.SEQUENCE) {
                return false;
            }
            waitingForSequence = false;
        }
        if (messageType == HubCodec.SEQUENCE) {
            long sequenceId = message.path("sequenceId").asLong(-1);
            if (sequenceId < 1 || sequenceId > nextReceivingSequenceId) {
                closeWithError("Sequence ID greater than amount of messages we've received.", false);
                return false;
            }
            nextReceivingSequenceId = sequenceId;
            return false;
        }
        if (messageType < HubCodec.INVOCATION || messageType > HubCodec.CANCEL_INVOCATION) {
            return true;
        }
        long current = nextReceivingSequenceId++;
        ackDue = true;
        if (current <= latestReceivedSequenceId) {
            return false;
        }
        latestReceivedSequenceId = current;
        return true;
    }

    private void invoke(String invocationId, String target, JsonNode arguments) {
        session.inOrder(done -> {
            if (state != State.OPEN) {
                done.run();
                return;
            }
            if (arguments != null && !arguments.isArray() && !arguments.isNull()) {
                complete(invocationId, null, "Invocation 'arguments' must be an array");
                done.run();
                return;
            }
            ArrayNode args = arguments == null || arguments.isNull() ? with.codec().emptyArray() : (ArrayNode) arguments;
            switch (target.toLowerCase(Locale.ROOT)) {
                case "subscribe" -> subscriptionItems(args).ifPresentOrElse(items -> session.subscribe(items).subscribe().with(
                        subscribed -> {
                            complete(invocationId, subscribed.results(), null);
                            if (state == State.OPEN) {
                                session.sendSnapshots(subscribed.created());
                            }
                            done.run();
                        },
                        failure -> {
                            LOG.errorf(failure, "connection %s: Subscribe failed", connectionId);
                            complete(invocationId, null, "Subscribe failed, try again later");
                            done.run();
                        }), () -> {
                            complete(invocationId, null, argumentError(target));
                            done.run();
                        });
                case "unsubscribe" -> {
                    subscriptionItems(args).ifPresentOrElse(items -> complete(invocationId, session.unsubscribe(items), null),
                            () -> complete(invocationId, null, argumentError(target)));
                    done.run();
                }
                case "unsubscribeall" -> {
                    session.unsubscribeAll();
                    complete(invocationId, Boolean.TRUE, null);
                    done.run();
                }
                case "availablesubscriptions" -> {
                    complete(invocationId, with.eventNames(), null);
                    done.run();
                }
                case "activesubscriptions" -> {
                    complete(invocationId, session.active(), null);
                    done.run();
                }
                default -> {
                    // ASP.NET Core's words for a method the hub does not have
                    complete(invocationId, null, "Failed to invoke '" + target
                            + "' due to an error on the server. HubException: Method does not exist.");
                    done.run();
                }
            }
        });
    }

    private static String argumentError(String target) {
        return "Failed to invoke '" + target + "': the argument must be an array of EntitySubscription objects";
    }

    /** The items of a Subscribe/Unsubscribe call; empty if the arguments have the wrong shape. */
    private static Optional<List<SubscriptionRequest>> subscriptionItems(ArrayNode args) {
        if (args.size() != 1 || !args.get(0).isArray()) {
            return Optional.empty();
        }
        List<SubscriptionRequest> items = new ArrayList<>();
        for (JsonNode item : args.get(0)) {
            if (!item.isObject()) {
                return Optional.empty();
            }
            JsonNode entityId = HubCodec.property(item, "entityId");
            JsonNode eventName = HubCodec.property(item, "eventName");
            String entity = entityId == null || entityId.isNull() ? null
                    : entityId.isTextual() ? entityId.textValue() : entityId.toString();
            String event = eventName != null && eventName.isTextual() ? eventName.textValue() : null;
            items.add(new SubscriptionRequest(entity, event));
        }
        return Optional.of(items);
    }

    // ---------------------------------------------------------------- outbound

    private void complete(String invocationId, Object result, String error) {
        if (invocationId == null || state != State.OPEN) {
            return; // a non-blocking invocation gets no completion
        }
        write(with.codec().completion(invocationId, result, error));
    }

    /** Writes a counted message; a client that cannot keep up is closed as a slow consumer. */
    private boolean write(String record) {
        return write(record.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
    }

    private boolean write(byte[] record, boolean flush) {
        HubWriter.Outcome outcome = writer.writeMessage(record, flush);
        if (outcome == HubWriter.Outcome.SLOW_CONSUMER) {
            with.metrics().slowConsumer();
            closeWithError("Slow consumer", true);
        }
        return outcome == HubWriter.Outcome.WRITTEN || outcome == HubWriter.Outcome.BUFFERED
                || outcome == HubWriter.Outcome.SLOW_CONSUMER;
    }

    /** Closes with a SignalR Close message {@code {"type":7,"error":...,"allowReconnect":...}}. Any thread. */
    void closeWithError(String error, boolean allowReconnect) {
        if (!onItsLoop()) {
            context.runOnContext(v -> closeWithError(error, allowReconnect));
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (!writer.attached()) {
            end(); // parked: nobody to tell
            return;
        }
        writer.writeControl(with.codec().close(error, allowReconnect));
        closeSocket();
    }

    private void closeSocket() {
        WebSocketConnection socket = writer.socket();
        if (socket != null) {
            socket.close(CloseReason.NORMAL).subscribe().with(ok -> { }, failure -> { });
        }
    }
}
