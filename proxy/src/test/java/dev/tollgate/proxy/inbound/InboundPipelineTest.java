package dev.tollgate.proxy.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.policy.Policy;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.RequestDigest;
import dev.tollgate.proxy.route.DestinationMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client-side stages up to the complete request, on an {@link EmbeddedChannel}. */
class InboundPipelineTest {
    private final List<Exchange> seen = new ArrayList<>();
    private final List<Exchange> finished = new ArrayList<>();

    private EmbeddedChannel channel(long inspect) {
        DestinationMapper mapper = DestinationMapper.everything("allow");
        BodyLimits limits = new BodyLimits(id -> Optional.of(id.equals("allow") ? Policy.ALLOW : Policy.DENY), inspect, inspect * 4);
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyHttpCodec(8192, 32 * 1024), new ExchangeSequencer(finished::add),
                new RequestGuard(), new TargetHandler(mapper, null), new BodyAggregator(limits),
                new ChannelInboundHandlerAdapter() {
                    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof Exchange ex) seen.add(ex);
                        else ReferenceCountUtil.release(msg);
                    }
                });
        return ch;
    }

    private static String response(EmbeddedChannel ch) {
        ByteBuf out = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        return s;
    }

    private static void answer(EmbeddedChannel ch) {
        ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
    }

    private static ByteBuf bytes(String s) { return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1); }

    @Test void aCompleteRequestIsPassedOnWithItsBodyAndDigest() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(bytes("POST http://api.example/x?a=1 HTTP/1.1\r\nHost: api.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
        assertEquals(1, seen.size());
        Exchange ex = seen.get(0);
        assertEquals("abcde", ex.body().toString(StandardCharsets.UTF_8));
        assertEquals(5, ex.bodySize());
        String bodySha = dev.tollgate.engine.util.Hashing.sha256Hex("abcde");
        assertEquals(bodySha, ex.bodySha256());
        assertEquals(RequestDigest.of("POST", "http://api.example/x?a=1", bodySha), ex.digest());
        assertEquals("api.example.http", ex.mapping().destination());
        answer(ch);
        assertEquals(1, finished.size());
        assertTrue(finished.get(0).finished());
        ch.finishAndReleaseAll();
    }

    @Test void pipelinedRequestsWaitForTheResponseBeforeThem() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(bytes("GET http://a.example/1 HTTP/1.1\r\nHost: a\r\n\r\nGET http://a.example/2 HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(1, seen.size(), "the second waits");
        answer(ch);
        assertEquals(2, seen.size());
        assertEquals("/2", seen.get(1).target().path());
        answer(ch);
        assertEquals(2, finished.size());
        ch.finishAndReleaseAll();
    }

    @Test void contentLengthWithChunkedIsRefusedAndNothingPassesOn() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(bytes("POST http://a.example/ HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET http://a.example/smuggled HTTP/1.1\r\nHost: a\r\n\r\n"));
        String out = response(ch);
        assertTrue(out.startsWith("HTTP/1.1 400"), out);
        assertTrue(out.contains("invalid_framing"), out);
        assertTrue(out.toLowerCase().contains("connection: close"), out);
        assertTrue(seen.isEmpty());
        assertFalse(ch.isActive());
        ch.finishAndReleaseAll();
    }

    @Test void limitsOfLineHeadersAndBody() {
        EmbeddedChannel ch = channel(10);
        ch.writeInbound(bytes("GET http://a.example/" + "x".repeat(9000) + " HTTP/1.1\r\n\r\n"));
        assertTrue(response(ch).startsWith("HTTP/1.1 414"));
        ch.finishAndReleaseAll();

        ch = channel(10);
        ch.writeInbound(bytes("GET http://a.example/ HTTP/1.1\r\nX: " + "y".repeat(40_000) + "\r\n\r\n"));
        String r431 = response(ch);
        assertTrue(r431.startsWith("HTTP/1.1 431"), r431);
        ch.finishAndReleaseAll();

        ch = channel(10);
        // "allow" does not read payloads: the buffering cap (4 x 10 here) applies, not the inspection limit.
        ch.writeInbound(bytes("POST http://a.example/ HTTP/1.1\r\nHost: a\r\nContent-Length: 41\r\n\r\n" + "0".repeat(41)));
        assertTrue(response(ch).startsWith("HTTP/1.1 413"));
        assertTrue(seen.isEmpty());
        ch.finishAndReleaseAll();

        ch = channel(10);
        ch.writeInbound(bytes("POST http://a.example/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "8\r\n01234567\r\n".repeat(6) + "0\r\n\r\n"));
        assertTrue(response(ch).startsWith("HTTP/1.1 413"), "a chunked body is counted as it arrives");
        assertTrue(seen.isEmpty());
        ch.finishAndReleaseAll();
    }

    /**
     * Closing with unread bytes makes the kernel reset the connection, and the client then reports
     * "connection reset" instead of the 413: the rest of the body is read and dropped first.
     */
    @Test void a413SentWhileTheBodyIsStillArrivingClosesOnlyAfterTheBodyEnds() {
        EmbeddedChannel ch = channel(10);
        ch.writeInbound(bytes("POST http://a.example/ HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" + "0".repeat(50)));
        assertTrue(response(ch).startsWith("HTTP/1.1 413"));
        assertTrue(ch.isActive(), "still reading the rest of the body");
        ch.writeInbound(bytes("0".repeat(30)));
        assertTrue(ch.isActive());
        ch.writeInbound(bytes("0".repeat(20)));
        assertFalse(ch.isActive(), "closed once the body ended");
        assertTrue(seen.isEmpty(), "nothing passed on");
        ch.finishAndReleaseAll();
    }

    @Test void expectContinueIsAnsweredByTheProxy() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(bytes("POST http://a.example/ HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
        assertTrue(response(ch).startsWith("HTTP/1.1 100 Continue"));
        ch.writeInbound(bytes("ok"));
        assertEquals(1, seen.size());
        assertNull(seen.get(0).request().headers().get("Expect"), "Expect is not forwarded");
        ch.finishAndReleaseAll();
    }

    @Test void originFormIsNotAProxyRequest() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(bytes("GET /local HTTP/1.1\r\nHost: proxy\r\n\r\n"));
        String out = response(ch);
        assertTrue(out.startsWith("HTTP/1.1 400"), out);
        assertTrue(out.contains("not_a_proxy_request"));
        assertTrue(seen.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test void theExchangeIsFinishedWhenTheClientLeaves() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(bytes("GET http://a.example/ HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(1, seen.size());
        ch.close();
        assertEquals(1, finished.size());
        assertEquals("client_closed", finished.get(0).decision());
        ch.finishAndReleaseAll();
    }
}
