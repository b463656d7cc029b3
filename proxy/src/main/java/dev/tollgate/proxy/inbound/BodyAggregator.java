package dev.tollgate.proxy.inbound;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.exchange.RequestDigest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.security.MessageDigest;

/**
 * Collects a request's body (the policy reads it, and the digest covers it), hashing as it arrives,
 * and passes the whole request on as its {@link Exchange}. Over the limit of {@link BodyLimits}: 413
 * naming the limit, the connection closes, and nothing was forwarded. Answers {@code Expect:
 * 100-continue} itself (the upstream never sees it). A body that streams never comes here, unless its
 * request was not approved at once: then {@link StreamGate} replays it here, to be buffered as any other.
 */
public final class BodyAggregator extends ChannelInboundHandlerAdapter {
    private final BodyLimits limits;
    private MessageDigest sha;
    private CompositeByteBuf body;
    private long size;
    private long limit;
    private boolean discarding;

    public BodyAggregator(BodyLimits limits) { this.limits = limits; }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg); // an exchange whose body streams (StreamGate), decided before its body
            return;
        }
        if (msg instanceof HttpRequest req) {
            start(ctx, req);
        }
        if (!(msg instanceof HttpContent c)) return;
        if (discarding) {
            drained += c.content().readableBytes();
            boolean last = c instanceof LastHttpContent;
            c.release();
            if (last || drained > MAX_DRAIN_BYTES) {
                discarding = false;
                if (closeAfterDrain) closeNow(ctx);
            }
            return;
        }
        try {
            ByteBuf content = c.content();
            int n = content.readableBytes();
            size += n;
            if (size > limit) {
                boolean last = c instanceof LastHttpContent;
                tooLarge(ctx, last);
                if (last) discarding = false;
                return;
            }
            if (n > 0) {
                RequestDigest.update(sha, content.nioBuffers());
                if (body == null) body = ctx.alloc().compositeBuffer(1024);
                body.addComponent(true, content.retain());
            }
        } finally {
            ReferenceCountUtil.release(c);
        }
        if (c instanceof LastHttpContent && !discarding) complete(ctx);
    }

    private void start(ChannelHandlerContext ctx, HttpRequest req) {
        Exchange ex = Exchange.of(ctx.channel());
        discarding = false;
        size = 0;
        limit = limits.limitFor(ex.mapping());
        if (sha == null) sha = RequestDigest.sha256();
        else sha.reset();
        if (HttpUtil.getContentLength(req, -1L) > limit) {
            // With Expect: 100-continue the client sends no body after a final answer.
            tooLarge(ctx, HttpUtil.is100ContinueExpected(req));
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            req.headers().remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        Exchange ex = Exchange.of(ctx.channel());
        String bodySha = RequestDigest.hex(sha);
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : body;
        body = null;
        ex.body(content, size, bodySha, RequestDigest.of(ex.method(), ex.target().absoluteUrl(), bodySha));
        ctx.fireChannelRead(ex);
    }

    /**
     * Answers 413 and closes. While the client is still sending the body, the rest is read and
     * dropped first (up to {@link #MAX_DRAIN_BYTES} or {@link #MAX_DRAIN_SECONDS}): closing with
     * unread bytes makes the kernel send a reset, and most clients then report "connection reset"
     * instead of the 413 that explains what went wrong.
     */
    private void tooLarge(ChannelHandlerContext ctx, boolean bodyDone) {
        discarding = true;
        drained = 0;
        freeBody();
        Exchange ex = Exchange.of(ctx.channel());
        ex.decided(null, "refused", "body_too_large");
        ChannelFuture sent = ctx.writeAndFlush(ProxyResponses.closing(413, "body_too_large", limits.explain(ex.mapping()), null));
        if (bodyDone) {
            sent.addListener(ChannelFutureListener.CLOSE);
        } else {
            closeAfterDrain = true;
            drainTimeout = ctx.executor().schedule(() -> closeNow(ctx), MAX_DRAIN_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void closeNow(ChannelHandlerContext ctx) {
        closeAfterDrain = false;
        if (drainTimeout != null) drainTimeout.cancel(false);
        drainTimeout = null;
        ctx.close();
    }

    static final long MAX_DRAIN_BYTES = 8L * 1024 * 1024;
    static final long MAX_DRAIN_SECONDS = 5;
    private long drained;
    private boolean closeAfterDrain;
    private ScheduledFuture<?> drainTimeout;

    private void freeBody() {
        if (body != null) body.release();
        body = null;
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        freeBody();
        if (drainTimeout != null) drainTimeout.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) { freeBody(); }
}
