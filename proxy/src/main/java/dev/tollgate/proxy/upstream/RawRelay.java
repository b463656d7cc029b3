package dev.tollgate.proxy.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;

/**
 * One direction of a tunnel (CONNECT, WebSocket): bytes read here are written to the peer; when the
 * peer cannot take more, this side stops reading until the peer drains (backpressure both ways, one
 * relay per side). Either side closing closes the other once what was written is flushed.
 */
public final class RawRelay extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    public RawRelay(Channel peer) { this.peer = peer; }

    @Override public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(true);
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent c) {
            // What an HTTP decoder parsed after a protocol switch, before it was removed: its bytes.
            if (!c.content().isReadable()) {
                c.release();
                return;
            }
            msg = c.content();
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) ctx.channel().config().setAutoRead(false);
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) peer.config().setAutoRead(true);
        ctx.fireChannelWritabilityChanged();
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
