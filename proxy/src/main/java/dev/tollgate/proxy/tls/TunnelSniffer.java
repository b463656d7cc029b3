package dev.tollgate.proxy.tls;

import dev.tollgate.proxy.inbound.ClientPipeline;
import dev.tollgate.proxy.route.Target;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The first byte a client sends into an intercepted tunnel decides what it carries: a TLS record
 * (0x16) is terminated with the CONNECT host's leaf ({@link SniCheck}); anything else is plain HTTP
 * (e.g. {@code ws://} through {@code CONNECT host:80}), whose requests are decided as {@code http}
 * requests to the CONNECT host. Either way the HTTP stages follow, and this handler removes itself.
 */
final class TunnelSniffer extends ByteToMessageDecoder {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final Target tunnel;
    private final MitmContexts contexts;
    private final Executor blocking;
    private final ClientPipeline.Installer installer;

    TunnelSniffer(Target tunnel, MitmContexts contexts, Executor blocking, ClientPipeline.Installer installer) {
        this.tunnel = tunnel;
        this.contexts = contexts;
        this.blocking = blocking;
        this.installer = installer;
    }

    /** Reading is explicit (autoRead is off) and no other stage is left to ask for the client's first bytes. */
    @Override public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) ctx.read();
    }

    /** A client that opens a tunnel and then says nothing is idle like any other. */
    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) ctx.close();
        else super.userEventTriggered(ctx, evt);
    }

    @Override protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) return;
        ChannelPipeline p = ctx.pipeline();
        if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
            p.addAfter(ctx.name(), "sni", new SniHandler(new SniCheck(ctx.channel(), tunnel.host(), contexts, blocking)));
            installer.installHttp(p, "sni", tunnel);
        } else {
            installer.installHttp(p, ctx.name(), new Target("http", tunnel.host(), tunnel.port(), "", null, true));
        }
        p.remove(this);
    }
}
