package dev.tollgate.proxy.server;

import dev.tollgate.proxy.decision.DecisionHandler;
import dev.tollgate.proxy.hold.HoldHandler;
import dev.tollgate.proxy.inbound.BodyAggregator;
import dev.tollgate.proxy.inbound.ClientPipeline;
import dev.tollgate.proxy.inbound.ExchangeSequencer;
import dev.tollgate.proxy.inbound.ProxyAuthHandler;
import dev.tollgate.proxy.inbound.ProxyHttpCodec;
import dev.tollgate.proxy.inbound.RequestGuard;
import dev.tollgate.proxy.inbound.StreamGate;
import dev.tollgate.proxy.inbound.TargetHandler;
import dev.tollgate.proxy.route.Target;
import dev.tollgate.proxy.tls.InterceptHandler;
import dev.tollgate.proxy.upstream.ForwardHandler;
import dev.tollgate.proxy.upstream.TunnelHandler;
import dev.tollgate.proxy.upstream.UpstreamLink;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The client connection's pipeline (names in {@link ClientPipeline}):
 * idle → codec → sequencer → guard → target → stream → body → auth → intercept → decision → hold → tunnel →
 * forward → link. Each stage does one thing and passes the {@link dev.tollgate.proxy.exchange.Exchange}
 * on; inside an intercepted tunnel the same stages run behind the TLS handler.
 */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> implements ClientPipeline.Installer {
    private final ProxyServer.Parts parts;

    ProxyInitializer(ProxyServer.Parts parts) { this.parts = parts; }

    @Override protected void initChannel(SocketChannel ch) {
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(ClientPipeline.IDLE,
                new IdleStateHandler(0, 0, parts.config().idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        installHttp(ch.pipeline(), ClientPipeline.IDLE, null);
    }

    @Override public void installHttp(ChannelPipeline p, String after, Target tunnel) {
        ProxyConfig c = parts.config();
        String[] names = {ClientPipeline.CODEC, ClientPipeline.SEQUENCER, ClientPipeline.GUARD, ClientPipeline.TARGET,
                ClientPipeline.STREAM, ClientPipeline.BODY, ClientPipeline.AUTH, ClientPipeline.INTERCEPT, ClientPipeline.DECISION,
                ClientPipeline.HOLD, ClientPipeline.TUNNEL, ClientPipeline.FORWARD, ClientPipeline.LINK};
        io.netty.channel.ChannelHandler[] handlers = {
                new ProxyHttpCodec(c.maxInitialLineBytes(), c.maxHeaderBytes()),
                new ExchangeSequencer(parts.observer()),
                new RequestGuard(),
                new TargetHandler(parts.mapper(), tunnel),
                new StreamGate(parts.bodyLimits()),
                new BodyAggregator(parts.bodyLimits()),
                new ProxyAuthHandler(parts.authenticator(), c.auth() == ProxyConfig.AuthMode.REQUIRED, tunnel != null),
                new InterceptHandler(c.tlsIntercept() && tunnel == null, parts.passthrough(), parts.mitm(), parts.blocking(), this),
                new DecisionHandler(parts.proxyIntents(), parts.proposals(), parts.responder(), parts.permit()),
                new HoldHandler(parts.held(), parts.intents(), parts.proxyIntents(), parts.responder(), c.holdTimeout()),
                new TunnelHandler(parts.connector(), parts.outcomes()),
                new ForwardHandler(parts.connector(), parts.outcomes(), parts.metrics(), c.upstreamResponseTimeout()),
                new UpstreamLink()};
        String previous = after;
        for (int i = 0; i < names.length; i++) {
            p.addAfter(previous, names[i], handlers[i]);
            previous = names[i];
        }
    }
}
