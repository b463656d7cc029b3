package dev.tollgate.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.lang.System.Logger.Level;

/**
 * The client side of a forward in progress: resumes reading the upstream when the client can take
 * bytes again (backpressure), and closes the upstream when the client goes away mid-response. Also
 * the last handler of the client pipeline: an unexpected error closes the connection.
 */
public final class UpstreamLink extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(UpstreamLink.class.getName());
    static final AttributeKey<Channel> PEER = AttributeKey.valueOf("tollgate.upstream");

    static void link(Channel client, Channel upstream) { client.attr(PEER).set(upstream); }

    static void unlink(Channel client, Channel upstream) { client.attr(PEER).compareAndSet(upstream, null); }

    @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel up = ctx.channel().attr(PEER).get();
        if (up != null && ctx.channel().isWritable()) up.config().setAutoRead(true);
        ctx.fireChannelWritabilityChanged();
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        Channel up = ctx.channel().attr(PEER).getAndSet(null);
        if (up != null) up.close();
        ctx.fireChannelInactive();
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, () -> "proxy connection error from " + ctx.channel().remoteAddress() + ": " + cause);
        ctx.close();
    }
}
