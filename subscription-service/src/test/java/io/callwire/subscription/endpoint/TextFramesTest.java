package io.callwire.subscription.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The shared-record write path of the hub, on real Netty channels with the WebSocket frame encoder
 * and a client's frame decoder: one record built once reaches every connection of a subscription
 * intact, frames written in a batch leave at the flush and in order, a socket past its bound is a
 * slow consumer, and a record longer than a frame arrives whole.
 */
class TextFramesTest {

    private final HubCodec codec = new HubCodec(null, null, null);

    @Test
    void oneRecordBuiltOnceReachesTenConnectionsIntact() {
        byte[] data = "{\"eventType\":\"QueueStatus\",\"name\":\"Caf\u00e9 \u2615\"}".getBytes(StandardCharsets.UTF_8);
        String prefixText = HubCodec.MESSAGE_HEAD + "{\"entityId\":\"q-1\",\"eventName\":\"QueueStatus\"}" + HubCodec.MESSAGE_DATA;
        List<byte[]> records = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // each subscription has its own prefix array, equal in content, as ten subscribers of one queue do
            byte[] record = codec.messageRecord(prefixText.getBytes(StandardCharsets.UTF_8), data);
            records.add(record);
            Socket socket = new Socket(TextFrames.waterMark(1 << 20));
            TextFrames.write(socket.context, record, false);
            sockets.add(socket);
        }
        assertThat(records).as("one array for the ten connections").allSatisfy(r -> assertThat(r).isSameAs(records.get(0)));

        String expected = prefixText + "{\"eventType\":\"QueueStatus\",\"name\":\"Caf\u00e9 \u2615\"}" + HubCodec.MESSAGE_TAIL;
        for (Socket socket : sockets) {
            assertThat(socket.received()).as("nothing leaves before the flush").isEmpty();
            TextFrames.flush(socket.context);
            assertThat(socket.received()).containsExactly(expected);
        }
        // writing to ten sockets (and the frame encoder reading it ten times) left the shared array as built
        assertThat(new String(records.get(0), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void aDifferentSubscriptionOrEventGetsItsOwnRecord() {
        byte[] data = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] first = codec.messageRecord("P1,".getBytes(StandardCharsets.UTF_8), data);
        byte[] second = codec.messageRecord("P2,".getBytes(StandardCharsets.UTF_8), data);
        byte[] third = codec.messageRecord("P2,".getBytes(StandardCharsets.UTF_8), "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("P1,{\"a\":1}" + HubCodec.MESSAGE_TAIL);
        assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo("P2,{\"a\":1}" + HubCodec.MESSAGE_TAIL);
        assertThat(new String(third, StandardCharsets.UTF_8)).isEqualTo("P2,{\"a\":2}" + HubCodec.MESSAGE_TAIL);
    }

    @Test
    void framesOfABatchLeaveAtTheFlushInTheOrderWritten() {
        Socket socket = new Socket(TextFrames.waterMark(1 << 20));
        for (int i = 0; i < 5; i++) {
            TextFrames.write(socket.context, ("record " + i).getBytes(StandardCharsets.UTF_8), false);
        }
        assertThat(socket.received()).isEmpty();
        TextFrames.write(socket.context, "control".getBytes(StandardCharsets.UTF_8), true);
        assertThat(socket.received()).containsExactly("record 0", "record 1", "record 2", "record 3", "record 4", "control");
    }

    @Test
    void aSocketWithMoreThanItsBoundUnsentIsOverTheLimit() {
        Socket socket = new Socket(TextFrames.waterMark(1_000));
        byte[] record = new byte[600];
        java.util.Arrays.fill(record, (byte) 'x');
        TextFrames.write(socket.context, record, false);
        assertThat(TextFrames.overLimit(socket.context)).as("600 bytes pending of 1,000").isFalse();
        TextFrames.write(socket.context, record, false);
        assertThat(TextFrames.overLimit(socket.context)).as("1,200 bytes pending of 1,000").isTrue();
        socket.channel.close();
        assertThat(TextFrames.overLimit(socket.context)).as("a closed socket is not a slow consumer").isFalse();
        assertThat(TextFrames.open(socket.context)).isFalse();
    }

    @Test
    void aRecordLongerThanAFrameArrivesWholeInFragments() {
        Socket socket = new Socket(TextFrames.waterMark(1 << 20));
        StringBuilder text = new StringBuilder();
        while (text.length() < TextFrames.MAX_FRAME * 2 + 123) {
            text.append("event-").append(text.length()).append(',');
        }
        TextFrames.write(socket.context, text.toString().getBytes(StandardCharsets.UTF_8), true);
        List<WebSocketFrame> frames = socket.frames();
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isInstanceOf(TextWebSocketFrame.class);
        assertThat(frames.get(0).isFinalFragment()).isFalse();
        assertThat(frames.get(1)).isInstanceOf(ContinuationWebSocketFrame.class);
        assertThat(frames.get(1).isFinalFragment()).isFalse();
        assertThat(frames.get(2).isFinalFragment()).isTrue();
        StringBuilder whole = new StringBuilder();
        frames.forEach(frame -> whole.append(frame.content().toString(StandardCharsets.UTF_8)));
        frames.forEach(WebSocketFrame::release);
        assertThat(whole.toString()).isEqualTo(text.toString());
    }

    /** A server socket (frame encoder, as after the upgrade) whose bytes a client's decoder reads. */
    private static final class Socket {

        final EmbeddedChannel channel;
        final ChannelHandlerContext context;

        Socket(io.netty.channel.WriteBufferWaterMark bound) {
            ChannelInboundHandlerAdapter handler = new ChannelInboundHandlerAdapter();
            channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false), handler);
            context = channel.pipeline().context(handler);
            TextFrames.bound(context, bound);
        }

        /** The frames on the wire so far, as a client decodes them. */
        List<WebSocketFrame> frames() {
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, true, 1 << 20));
            ByteBuf bytes;
            while ((bytes = channel.readOutbound()) != null) {
                client.writeInbound(bytes);
            }
            List<WebSocketFrame> frames = new ArrayList<>();
            WebSocketFrame frame;
            while ((frame = client.readInbound()) != null) {
                frames.add(frame);
            }
            return frames;
        }

        List<String> received() {
            List<String> texts = new ArrayList<>();
            for (WebSocketFrame frame : frames()) {
                assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
                texts.add(((TextWebSocketFrame) frame).text());
                frame.release();
            }
            return texts;
        }
    }
}
