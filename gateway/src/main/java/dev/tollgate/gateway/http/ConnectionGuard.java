package dev.tollgate.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;

/** Last in the pipeline: closes idle connections and connections that failed, logging the failure once. */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    static final ConnectionGuard INSTANCE = new ConnectionGuard();
    private static final System.Logger LOG = System.getLogger("dev.tollgate.gateway.http");

    private ConnectionGuard() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close(); // nothing read or written for the idle timeout
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof CodecException) {
            // the peer reset or left mid-request: its doing, not a fault of ours
            LOG.log(Level.DEBUG, () -> "API connection " + ctx.channel().remoteAddress() + " ended: " + cause);
        } else {
            LOG.log(Level.WARNING, "API connection " + ctx.channel().remoteAddress() + " failed", cause);
        }
        ctx.close();
    }
}
