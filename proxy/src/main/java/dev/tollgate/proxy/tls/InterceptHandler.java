package dev.tollgate.proxy.tls;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.inbound.ClientPipeline;
import dev.tollgate.proxy.route.HostPatterns;
import dev.tollgate.proxy.route.Target;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * CONNECT with TLS interception (SPEC §5.1): answers {@code 200 Connection established}, terminates the
 * client's TLS with a leaf for the CONNECT host ({@link TunnelSniffer}, {@link SniCheck}), and installs the
 * HTTP stages again behind it, so each request inside the tunnel is an intent of its own (to
 * {@code https://host:port}).
 * Hosts matching {@code proxy.tls_passthrough} are not intercepted: their CONNECT goes on to be decided
 * as an intent on host and port alone, like every CONNECT when interception is off.
 */
public final class InterceptHandler extends ChannelInboundHandlerAdapter {
    private static final byte[] ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean intercept;
    private final HostPatterns passthrough;
    private final MitmContexts contexts;
    private final Executor blocking;
    private final ClientPipeline.Installer installer;

    public InterceptHandler(boolean intercept, HostPatterns passthrough, MitmContexts contexts, Executor blocking,
                            ClientPipeline.Installer installer) {
        this.intercept = intercept;
        this.passthrough = passthrough;
        this.contexts = contexts;
        this.blocking = blocking;
        this.installer = installer;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Exchange ex && ex.isConnect() && intercept && !passthrough.matches(ex.target().host())) {
            intercept(ctx.channel(), ex);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void intercept(Channel ch, Exchange ex) {
        Target t = ex.target();
        ex.decided(null, "intercepted", null);
        ClientPipeline.switchTo(ch.pipeline(), "sniff", new TunnelSniffer(t, contexts, blocking, installer), true);
        ch.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
    }
}
