package dev.tollgate.proxy.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.policy.Policy;
import dev.tollgate.engine.policy.PolicyRules;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ReadPause;
import dev.tollgate.proxy.exchange.RequestDigest;
import dev.tollgate.proxy.exchange.StreamedBody;
import dev.tollgate.proxy.route.DestinationMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stream stage on an {@link EmbeddedChannel}: decided on headers, then streamed or replayed into the aggregator. */
class StreamGateTest {
    private static final Policy INSPECTS = new Policy("inspects",
            new PolicyRules(null, List.of("json"), null, null, null, null, null, null, null), Map.of(), "v1", false);
    private final List<Exchange> seen = new ArrayList<>();

    private EmbeddedChannel channel(String policy) {
        BodyLimits limits = new BodyLimits(id -> Optional.of(id.equals("allow") ? Policy.ALLOW : INSPECTS), 1024, 4096);
        return new EmbeddedChannel(new ProxyHttpCodec(8192, 32 * 1024), new ExchangeSequencer(ex -> { }),
                new RequestGuard(), new TargetHandler(DestinationMapper.everything(policy), null), new StreamGate(limits),
                new BodyAggregator(limits), new ChannelInboundHandlerAdapter() {
                    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof Exchange ex) seen.add(ex);
                        else ReferenceCountUtil.release(msg);
                    }
                });
    }

    private static ByteBuf bytes(String s) { return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1); }

    private static final String HEAD = "POST http://api.example/up HTTP/1.1\r\nHost: api.example\r\nContent-Type: text/plain\r\n";

    /** A sink whose upstream is another embedded channel. */
    private static final class Sink implements StreamedBody.Sink {
        final EmbeddedChannel up = new EmbeddedChannel();
        boolean sent;
        String aborted;

        @Override public Channel upstream() { return up; }
        @Override public void bodySent() { sent = true; }
        @Override public void clientAborted(String message) { aborted = message; }

        String received() {
            StringBuilder sb = new StringBuilder();
            for (Object o; (o = up.readOutbound()) != null; ) {
                sb.append(((HttpContent) o).content().toString(StandardCharsets.ISO_8859_1));
                if (o instanceof LastHttpContent) sb.append("|end");
                ReferenceCountUtil.release(o);
            }
            return sb.toString();
        }
    }

    @Test void anApprovableBodyIsDecidedOnItsHeadersAndStreamsOnlyWhenToldTo() throws Exception {
        EmbeddedChannel ch = channel("allow");
        ch.writeInbound(bytes(HEAD + "Content-Length: 6\r\n\r\nabc"));
        assertEquals(1, seen.size(), "passed on before the body is complete");
        Exchange ex = seen.get(0);
        StreamedBody body = ex.streamedBody();
        assertNotNull(body);
        assertEquals(RequestDigest.streamed("POST", "http://api.example/up", 6, "text/plain", null), ex.digest());
        assertTrue(ReadPause.paused(ch), "no more reads while the request is decided");
        Sink sink = new Sink();
        body.streamTo(sink);
        assertEquals("abc", sink.received(), "what arrived while deciding goes first");
        assertFalse(ReadPause.paused(ch));
        ch.writeInbound(bytes("def"));
        assertEquals("def|end", sink.received());
        assertTrue(sink.sent);
        assertEquals(6, body.detail().get("bytes").asLong());
        assertEquals(Hashing.sha256Hex("abcdef"), body.detail().get("sha256").asText());
        assertTrue(body.complete());
        ch.close();
        assertNull(sink.aborted, "a complete body is not an abort");
        ch.finishAndReleaseAll();
    }

    @Test void aBodyThatMayNotStreamIsReplayedIntoTheAggregatorAndDigestedWhole() {
        EmbeddedChannel ch = channel("allow");
        ch.writeInbound(bytes(HEAD + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"));
        Exchange ex = seen.get(0);
        ex.streamedBody().fallBack();
        assertEquals(1, seen.size(), "the body is not complete yet");
        assertFalse(ReadPause.paused(ch));
        ch.writeInbound(bytes("2\r\nde\r\n0\r\n\r\n"));
        assertEquals(2, seen.size());
        assertSame(ex, seen.get(1));
        assertNull(ex.streamedBody());
        assertEquals("abcde", ex.body().toString(StandardCharsets.UTF_8));
        assertEquals(RequestDigest.of("POST", "http://api.example/up", Hashing.sha256Hex("abcde")), ex.digest());
        ch.finishAndReleaseAll();
    }

    @Test void expectContinueIsAnsweredOnlyWhenTheBodyMayFlow() {
        EmbeddedChannel ch = channel("allow");
        ch.writeInbound(bytes(HEAD + "Content-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
        assertNull(ch.readOutbound(), "no 100 Continue before the decision");
        seen.get(0).streamedBody().streamTo(new Sink());
        ByteBuf out = ch.readOutbound();
        assertTrue(out.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 100 Continue"));
        out.release();
        ch.finishAndReleaseAll();
    }

    @Test void aClientLeavingMidBodyAbortsTheForward() {
        EmbeddedChannel ch = channel("allow");
        ch.writeInbound(bytes(HEAD + "Content-Length: 10\r\n\r\nabc"));
        Sink sink = new Sink();
        seen.get(0).streamedBody().streamTo(sink);
        ch.close();
        assertNotNull(sink.aborted);
        assertTrue(sink.aborted.contains("after 3 of 10"), sink.aborted);
        sink.received();
        ch.finishAndReleaseAll();
    }

    @Test void inspectedClaimedAndBodilessRequestsAreNotStreamed() {
        EmbeddedChannel inspected = channel("inspects");
        inspected.writeInbound(bytes(HEAD + "Content-Length: 3\r\n\r\nab"));
        assertTrue(seen.isEmpty(), "a policy that reads payloads waits for the whole body");
        inspected.writeInbound(bytes("c"));
        assertNull(seen.get(0).streamedBody());
        inspected.finishAndReleaseAll();
        seen.clear();
        EmbeddedChannel claimed = channel("allow");
        claimed.writeInbound(bytes(HEAD + "X-Gate-Intent-Id: int_1\r\nContent-Length: 3\r\n\r\nab"));
        assertTrue(seen.isEmpty(), "a claim's digest must cover the body");
        claimed.finishAndReleaseAll();
        EmbeddedChannel bodiless = channel("allow");
        bodiless.writeInbound(bytes("GET http://api.example/ HTTP/1.1\r\nHost: api.example\r\n\r\n"));
        assertNull(seen.get(0).streamedBody());
        bodiless.finishAndReleaseAll();
    }
}
