package dev.tollgate.proxy.upstream;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ForwardOrder;
import dev.tollgate.proxy.inbound.ClientPipeline;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;

/**
 * An approved CONNECT that is not intercepted (interception off, or a {@code tls_passthrough} host):
 * connects to a checked address, answers {@code 200 Connection established} only then, and relays
 * raw bytes both ways with backpressure. Refused or unreachable: 403 / 502 / 504 on the still-HTTP
 * connection. The tunnel's intent is recorded as succeeded once the upstream accepted the connection.
 */
public final class TunnelHandler extends ChannelInboundHandlerAdapter {
    static final byte[] ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final UpstreamConnector connector;
    private final Outcomes outcomes;

    public TunnelHandler(UpstreamConnector connector, Outcomes outcomes) {
        this.connector = connector;
        this.outcomes = outcomes;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ForwardOrder o && o.exchange().isConnect()) open(ctx, o.exchange(), o.intent());
        else ctx.fireChannelRead(msg);
    }

    private void open(ChannelHandlerContext ctx, Exchange ex, Intent intent) {
        Channel client = ctx.channel();
        ex.upstreamStarted();
        connector.openTunnel(client.eventLoop(), ex.target().host(), ex.target().port()).addListener((Future<Channel> f) -> {
            if (!f.isSuccess()) {
                outcomes.failed(client, ex, intent, UpstreamFailure.of(f.cause(), ex.target().host()));
                return;
            }
            Channel up = f.getNow();
            if (!client.isActive()) {
                up.close();
                outcomes.failed(client, ex, intent, new UpstreamFailure(499, "client_closed", "the client left", null));
                return;
            }
            ex.upstreamHeaders(200);
            outcomes.succeeded(ex, intent, Json.object().put("tunnel", true));
            ClientPipeline.switchTo(client.pipeline(), "relay", new RawRelay(up), false);
            client.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
            up.pipeline().addLast("relay", new RawRelay(client));
        });
    }
}
