package dev.tollgate.proxy.inbound;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.exchange.RequestDigest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
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
            // Refused already; ExchangeSequencer drops the rest of this body and closes at its end.
            if (c instanceof LastHttpContent) discarding = false;
            c.release();
            return;
        }
        try {
            ByteBuf content = c.content();
            int n = content.readableBytes();
            size += n;
            if (size > limit) {
                tooLarge(ctx, false);
                if (c instanceof LastHttpContent) discarding = false;
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
     * Answers 413 with {@code Connection: close}. If the client is still sending the body,
     * {@link ExchangeSequencer} reads and drops the rest before it closes (a close with unread
     * bytes would reach the client as a reset instead of this answer).
     *
     * @param bodyWithheld the client waits for 100 Continue, so no body will come: close at once
     */
    private void tooLarge(ChannelHandlerContext ctx, boolean bodyWithheld) {
        discarding = !bodyWithheld;
        freeBody();
        Exchange ex = Exchange.of(ctx.channel());
        ex.decided(null, "refused", "body_too_large");
        ChannelFuture sent = ctx.writeAndFlush(ProxyResponses.closing(413, "body_too_large", limits.explain(ex.mapping()), null));
        if (bodyWithheld) sent.addListener(ChannelFutureListener.CLOSE);
    }

    private void freeBody() {
        if (body != null) body.release();
        body = null;
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        freeBody();
        ctx.fireChannelInactive();
    }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) { freeBody(); }
}
