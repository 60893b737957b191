package io.callwire.bench;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * What differs between the SignalR JSON hub protocol (Callwire and the ceiling) and STOMP over
 * WebSocket (RabbitMQ Web-STOMP) for a load-generating client: how to open, how to subscribe, how
 * to tell the subscription was accepted, how to keep the connection alive.
 */
interface WebSocketProtocol {

    /**
     * What a frame received before the subscription was confirmed means: nothing yet, subscribed, a
     * subscription refused (not permitted, invalid), the Subscribe failed with an error (counted, not
     * sent again: a real client shows that error to its application), or send {@link #next}.
     */
    enum Reply { NONE, SUBSCRIBED, REJECTED, FAILED, SEND_NEXT }

    WebSocketConnectOptions connectOptions(Subscriber subscriber);

    /** The text sent once the socket is open. */
    String opening(Subscriber subscriber);

    /** Reads a frame received before the subscription is confirmed. */
    Reply beforeSubscribed(Buffer frame);

    /** The text sent on {@link Reply#SEND_NEXT} (STOMP: the SUBSCRIBE frames after CONNECTED). */
    String next(Subscriber subscriber);

    /** A keep-alive to send every few seconds, or null. */
    String keepAlive();

    /** SignalR JSON: skip negotiation, handshake, one Subscribe invocation with the three items. */
    static WebSocketProtocol signalR(String host, int port, java.util.function.Function<Subscriber, String> token) {
        byte[] completion = "\"invocationId\":\"s\"".getBytes(StandardCharsets.UTF_8);
        byte[] unauthorized = "Unauthorized".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = "Invalid ".getBytes(StandardCharsets.UTF_8);
        byte[] failed = "\"error\":".getBytes(StandardCharsets.UTF_8);
        return new WebSocketProtocol() {
            @Override
            public WebSocketConnectOptions connectOptions(Subscriber s) {
                WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/rte");
                String bearer = token.apply(s);
                return bearer == null ? options : options.addHeader("Authorization", "Bearer " + bearer);
            }

            @Override
            public String opening(Subscriber s) {
                return "{\"protocol\":\"json\",\"version\":1}\u001e" + next(s);
            }

            @Override
            public String next(Subscriber s) {
                return "{\"type\":1,\"invocationId\":\"s\",\"target\":\"Subscribe\",\"arguments\":[["
                        + "{\"EntityId\":\"" + s.user() + "\",\"EventName\":\"UserAvailability\"},"
                        + "{\"EntityId\":\"" + s.queue() + "\",\"EventName\":\"QueueStatus\"},"
                        + "{\"EntityId\":\"" + s.broadcastQueue() + "\",\"EventName\":\"QueueStatus\"}]]}\u001e";
            }

            @Override
            public Reply beforeSubscribed(Buffer frame) {
                int at = Frames.indexOf(frame, completion, 0);
                if (at < 0) {
                    return Reply.NONE;
                }
                if (Frames.indexOf(frame, unauthorized, at) >= 0 || Frames.indexOf(frame, invalid, at) >= 0) {
                    return Reply.REJECTED;
                }
                // a Completion error ("Subscribe failed, try again later"): the Microsoft clients hand it to
                // the application, they do not send the Subscribe again, so neither does this client; it
                // is counted and reported, and the client receives nothing
                return Frames.indexOf(frame, failed, at) >= 0 ? Reply.FAILED : Reply.SUBSCRIBED;
            }

            @Override
            public String keepAlive() {
                return "{\"type\":6}\u001e";
            }
        };
    }

    /**
     * STOMP 1.2 over WebSocket ({@code /ws}, sub-protocol {@code v12.stomp}): CONNECT as the loopback-only
     * guest, then one SUBSCRIBE per routing key on the topic exchange; the last asks for a RECEIPT.
     */
    static WebSocketProtocol stomp(int port, String exchange) {
        return new WebSocketProtocol() {
            @Override
            public WebSocketConnectOptions connectOptions(Subscriber s) {
                return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws").addSubProtocol("v12.stomp");
            }

            @Override
            public String opening(Subscriber s) {
                return "CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\nheart-beat:0,0\n\n\u0000";
            }

            @Override
            public Reply beforeSubscribed(Buffer frame) {
                String command = frame.getString(0, Math.min(frame.length(), 9), "UTF-8");
                if (command.startsWith("CONNECTED")) {
                    return Reply.SEND_NEXT;
                }
                if (command.startsWith("RECEIPT")) {
                    return Reply.SUBSCRIBED;
                }
                return command.startsWith("ERROR") ? Reply.REJECTED : Reply.NONE;
            }

            @Override
            public String next(Subscriber s) {
                String prefix = "/exchange/" + exchange + "/" + s.organization() + ".";
                return "SUBSCRIBE\nid:0\ndestination:" + prefix + "UserAvailability." + s.user() + "\nack:auto\n\n\u0000"
                        + "SUBSCRIBE\nid:1\ndestination:" + prefix + "QueueStatus." + s.queue() + "\nack:auto\n\n\u0000"
                        + "SUBSCRIBE\nid:2\ndestination:" + prefix + "QueueStatus." + s.broadcastQueue() + "\nack:auto\nreceipt:r\n\n\u0000";
            }

            /** A bare EOL, which STOMP allows between frames: Web-STOMP closes a WebSocket that sends nothing for 60 s. */
            @Override
            public String keepAlive() {
                return "\n";
            }
        };
    }
}
