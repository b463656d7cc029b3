package dev.tollgate.proxy.inbound;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.exchange.RequestDigest;
import dev.tollgate.proxy.exchange.StreamedBody;
import dev.tollgate.proxy.route.DestinationMapper.Mapping;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Lets a request body stream instead of being buffered (SPEC §5.1), when it can: the mapped policy
 * does not read payloads, the rule takes no record count from the body, the request carries no
 * {@code X-Gate-Intent-Id} (a claim must match a digest that covers the body) and has a body. Such a
 * request is passed on as its {@link Exchange} at once, with a {@link StreamedBody} and the streamed
 * digest, so that it is decided on its headers while its body waits (reading paused); the body parts
 * that follow go to that {@link StreamedBody}, which sends them upstream or replays them into the
 * {@link BodyAggregator} behind this stage. Everything else passes through untouched.
 *
 * <p>Framing was checked before this stage ({@link RequestGuard}): a body gets here only with one
 * Content-Length or plain chunked coding, so what the upstream is told matches what it gets.
 */
public final class StreamGate extends ChannelInboundHandlerAdapter {
    private final BodyLimits limits;
    private StreamedBody current;

    public StreamGate(BodyLimits limits) { this.limits = limits; }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            drop();
            Exchange ex = Exchange.of(ctx.channel());
            if (ex != null && streams(ex, req)) {
                current = new StreamedBody(ctx, req);
                ex.streamed(current, RequestDigest.streamed(ex.method(), ex.target().absoluteUrl(),
                        current.declaredLength(), req.headers().get(HttpHeaderNames.CONTENT_TYPE),
                        req.headers().get(HttpHeaderNames.CONTENT_ENCODING)));
                ctx.fireChannelRead(ex);
                return;
            }
        }
        if (msg instanceof HttpContent c && current != null) current.accept(c);
        else ctx.fireChannelRead(msg);
    }

    /** Whether the body of {@code req} may stream, should its request be approved at once. */
    boolean streams(Exchange ex, HttpRequest req) {
        Mapping m = ex.mapping();
        if (ex.isConnect() || m == null || m.blocked() || limits.inspects(m) || m.recordCountPointer() != null) return false;
        if (req.headers().contains(ProxyResponses.INTENT_ID)) return false;
        return HttpUtil.getContentLength(req, 0L) > 0 || HttpUtil.isTransferEncodingChunked(req);
    }

    private void drop() {
        if (current != null) current.stop();
        current = null;
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        StreamedBody b = current;
        current = null;
        if (b != null) b.clientGone();
        ctx.fireChannelInactive();
    }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) { drop(); }
}
