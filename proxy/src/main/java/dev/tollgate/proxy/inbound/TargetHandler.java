package dev.tollgate.proxy.inbound;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.route.BadTarget;
import dev.tollgate.proxy.route.DestinationMapper;
import dev.tollgate.proxy.route.DestinationMapper.Mapping;
import dev.tollgate.proxy.route.Target;
import dev.tollgate.proxy.route.TargetParser;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;

/**
 * Works out where a request goes: parses its target (absolute form on the plain listener, origin
 * form inside an intercepted tunnel, whose {@code Host} must name the CONNECT host: 421 otherwise)
 * and maps it to a destination and policy. Refused targets are answered here and the connection
 * closes.
 */
public final class TargetHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(TargetHandler.class.getName());

    private final DestinationMapper mapper;
    private final Target tunnel;
    private boolean discarding;

    /** @param tunnel the CONNECT target when this connection is an intercepted tunnel; null on the plain listener */
    public TargetHandler(DestinationMapper mapper, Target tunnel) {
        this.mapper = mapper;
        this.tunnel = tunnel;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            discarding = false;
            try {
                Target t = parse(req);
                Exchange.of(ctx.channel()).route(t, map(req.method().name(), t));
            } catch (BadTarget e) {
                discarding = true;
                Exchange ex = Exchange.of(ctx.channel());
                if (ex != null) ex.decided(null, "refused", e.code());
                ctx.writeAndFlush(ProxyResponses.closing(e.status(), e.code(), e.getMessage(), null))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
        if (discarding) {
            ReferenceCountUtil.release(msg);
            if (msg instanceof LastHttpContent) discarding = false;
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private Target parse(HttpRequest req) throws BadTarget {
        boolean connect = HttpMethod.CONNECT.equals(req.method());
        if (tunnel == null) return connect ? TargetParser.connect(req.uri()) : TargetParser.absolute(req.uri());
        if (connect) throw new BadTarget(400, "invalid_target", "CONNECT inside an intercepted tunnel is not supported");
        return TargetParser.inTunnel(req.uri(), req.headers().get(HttpHeaderNames.HOST), tunnel.host(), tunnel.port(),
                tunnel.scheme());
    }

    private Mapping map(String method, Target t) {
        try {
            Mapping m = mapper.map(method, t.scheme(), t.host(), t.port(), t.connect() ? "/" : t.path());
            if (m != null) return m;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "destination mapping failed for " + t.redactedUrl() + "; request blocked", e);
        }
        return new Mapping(t.host() + "." + t.scheme(), null, null, null);
    }
}
