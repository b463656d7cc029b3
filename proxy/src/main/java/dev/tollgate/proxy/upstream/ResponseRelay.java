package dev.tollgate.proxy.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streams an upstream response to the client as it arrives, never aggregated (SPEC §5.1): each part
 * is written to the client at once and flushed at the end of each read. Backpressure: when the
 * client cannot take more, this connection stops reading until {@link UpstreamLink} sees the client
 * writable again. Waits at most the response timeout for the response headers. Bound to one
 * {@link Forwarding} at a time; unbound (pooled) it closes on any input or idleness.
 */
final class ResponseRelay extends ChannelInboundHandlerAdapter {
    private ChannelHandlerContext ctx;
    private Forwarding forwarding;
    private boolean headersSeen;
    private ScheduledFuture<?> timeout;

    @Override public void handlerAdded(ChannelHandlerContext ctx) { this.ctx = ctx; }

    /** @param responseTimeoutMillis 0: no timer yet ({@link #armTimeout} starts it once the request is sent) */
    void bind(Forwarding f, long responseTimeoutMillis) {
        forwarding = f;
        headersSeen = false;
        timeout = null;
        if (responseTimeoutMillis > 0) armTimeout(responseTimeoutMillis);
    }

    void armTimeout(long responseTimeoutMillis) {
        if (forwarding == null || headersSeen || timeout != null) return;
        timeout = ctx.executor().schedule(this::timedOut, responseTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private Forwarding unbind() {
        Forwarding f = forwarding;
        forwarding = null;
        cancelTimeout();
        return f;
    }

    private void cancelTimeout() {
        if (timeout != null) timeout.cancel(false);
        timeout = null;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Forwarding f = forwarding;
        if (f == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse r) {
            int code = r.status().code();
            if (code < 200 && code != 101) {
                ReferenceCountUtil.release(msg);
                return;
            }
            cancelTimeout();
            headersSeen = true;
            f.headers(r);
            if (code == 101) {
                switchProtocols(ctx, f, r);
                return;
            }
        }
        if (!headersSeen) {
            ReferenceCountUtil.release(msg); // the (empty) end of an informational response such as 100 or 103
            return;
        }
        if (msg instanceof HttpContent c) f.exchange().addBytesOut(c.content().readableBytes());
        Channel client = f.client();
        client.write(msg, client.voidPromise());
        if (!client.isWritable()) ctx.channel().config().setAutoRead(false);
        if (msg instanceof LastHttpContent) {
            unbind();
            client.flush();
            f.completed(ctx.channel());
        }
    }

    /** 101: the response ends at its headers, whatever the codec thinks; from here on both sides are raw bytes. */
    private void switchProtocols(ChannelHandlerContext ctx, Forwarding f, HttpResponse r) {
        Channel client = f.client();
        client.write(r instanceof FullHttpResponse full ? full.replace(Unpooled.EMPTY_BUFFER) : r);
        if (!(r instanceof LastHttpContent)) client.write(LastHttpContent.EMPTY_LAST_CONTENT);
        ReferenceCountUtil.release(r);
        client.flush();
        unbind();
        f.completed(ctx.channel());
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        Forwarding f = forwarding;
        if (f != null) f.client().flush();
        ctx.fireChannelReadComplete();
    }

    /** A request body streaming to this upstream may go on (client→upstream backpressure). */
    @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Forwarding f = forwarding;
        if (f != null && ctx.channel().isWritable()) f.upstreamWritable();
        ctx.fireChannelWritabilityChanged();
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        Forwarding f = unbind();
        if (f != null) {
            if (headersSeen) f.broken();
            else f.noResponse(null);
        }
        ctx.fireChannelInactive();
    }

    private void timedOut() {
        if (forwarding == null || headersSeen) return;
        Forwarding f = unbind();
        ctx.close();
        f.noResponse(UpstreamFailure.timeout("no response headers from " + f.exchange().target().host()
                + " within the upstream timeout"));
    }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (forwarding == null) ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
