package dev.tollgate.proxy.upstream;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ForwardOrder;
import dev.tollgate.proxy.inbound.ClientPipeline;
import dev.tollgate.proxy.log.ProxyMetrics;
import dev.tollgate.proxy.exchange.StreamedBody;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import java.time.Duration;

/**
 * Forwards an approved HTTP request (a {@link ForwardOrder}): takes a verified upstream connection
 * (pooled or new, on this connection's event loop), sends the request, and lets the upstream's
 * {@link ResponseRelay} stream the answer back. A body that streams ({@link StreamedBody}) follows its
 * head as it arrives from the client. A reused connection that turns out closed before
 * answering an idempotent request is retried once on a fresh one.
 */
public final class ForwardHandler extends ChannelInboundHandlerAdapter {
    private final UpstreamConnector connector;
    private final Outcomes outcomes;
    private final ProxyMetrics metrics;
    private final long responseTimeoutMillis;
    private ChannelHandlerContext ctx;

    public ForwardHandler(UpstreamConnector connector, Outcomes outcomes, ProxyMetrics metrics, Duration responseTimeout) {
        this.connector = connector;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.responseTimeoutMillis = responseTimeout.toMillis();
    }

    UpstreamConnector connector() { return connector; }
    Outcomes outcomes() { return outcomes; }
    ProxyMetrics metrics() { return metrics; }

    @Override public void handlerAdded(ChannelHandlerContext ctx) { this.ctx = ctx; }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ForwardOrder o && !o.exchange().isConnect()) {
            o.exchange().upstreamStarted();
            send(o.exchange(), o.intent(), 0);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    void retry(Exchange ex, Intent intent) { send(ex, intent, 1); }

    private void send(Exchange ex, Intent intent, int attempt) {
        Channel client = ctx.channel();
        connector.acquire(client.eventLoop(), ex.target()).addListener((Future<Channel> f) -> {
            if (!client.isActive()) {
                if (f.isSuccess()) connector.release(f.getNow(), true);
                outcomes.failed(client, ex, intent, new UpstreamFailure(499, "client_closed",
                        "the client left before the request was forwarded", null));
                return;
            }
            if (!f.isSuccess()) {
                outcomes.failed(client, ex, intent, UpstreamFailure.of(f.cause(), ex.target().host()));
                return;
            }
            Channel up = f.getNow();
            Forwarding fw = new Forwarding(this, ex, intent, client, up, attempt);
            UpstreamLink.link(client, up);
            ResponseRelay relay = up.pipeline().get(ResponseRelay.class);
            StreamedBody body = ex.streamedBody();
            if (body == null) {
                relay.bind(fw, responseTimeoutMillis);
                up.writeAndFlush(UpstreamMessages.request(ex)).addListener(closeOnFailure);
                return;
            }
            relay.bind(fw, 0); // the response timeout starts once the whole body is sent (Forwarding.bodySent)
            up.writeAndFlush(UpstreamMessages.head(ex)).addListener(closeOnFailure);
            body.streamTo(fw);
        });
    }

    private static final ChannelFutureListener closeOnFailure = w -> {
        if (!w.isSuccess()) w.channel().close();
    };

    long responseTimeoutMillis() { return responseTimeoutMillis; }

    /** After an upstream's 101: both connections become a raw byte relay (WebSocket). */
    void switchToTunnel(Channel client, Channel upstream) {
        UpstreamLink.unlink(client, upstream);
        ClientPipeline.switchTo(client.pipeline(), "relay", new RawRelay(upstream), false);
        var p = upstream.pipeline();
        if (p.get("idle") != null) p.remove("idle");
        p.remove(ResponseRelay.class);
        p.addAfter("codec", "relay", new RawRelay(client));
        p.remove("codec");
    }
}
