package dev.tollgate.proxy.inbound;

import dev.tollgate.engine.auth.Authenticator;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.Identity;
import dev.tollgate.proxy.exchange.Loop;
import dev.tollgate.proxy.exchange.ProxyResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AttributeKey;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Identifies the agent (SPEC §3) from {@code Proxy-Authorization}; only agent keys count. Without
 * valid credentials: 407 with {@code Proxy-Authenticate: Basic realm="tollgate"}, or, when auth is
 * optional and no credentials were sent at all, the agent {@code anonymous} (a key that is sent but
 * wrong, suspended or revoked is always 407: it must not quietly become anonymous). Credentials given
 * on a CONNECT apply to the requests inside the tunnel; they are checked again for each of them, so a
 * revoked agent's open tunnel stops working too.
 */
public final class ProxyAuthHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ProxyAuthHandler.class.getName());
    /** The credentials a CONNECT carried, for the requests inside its tunnel; "" = anonymous. */
    public static final AttributeKey<String> TUNNEL_KEY = AttributeKey.valueOf("tollgate.tunnelKey");

    private final Authenticator authenticator;
    private final boolean required;
    private final boolean inTunnel;

    /** @param inTunnel requests inside an intercepted tunnel: the CONNECT's credentials apply */
    public ProxyAuthHandler(Authenticator authenticator, boolean required, boolean inTunnel) {
        this.authenticator = authenticator;
        this.required = required;
        this.inTunnel = inTunnel;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Exchange ex)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String tunnelKey = inTunnel ? ctx.channel().attr(TUNNEL_KEY).get() : null;
        String header = ex.request().headers().get(HttpHeaderNames.PROXY_AUTHORIZATION);
        String key = tunnelKey != null ? (tunnelKey.isEmpty() ? null : tunnelKey) : Credentials.agentKey(header);
        boolean anonymous = tunnelKey != null ? tunnelKey.isEmpty() : header == null;
        if (key == null) {
            if (anonymous && !required) accept(ctx, ex, null, Identity.anonymous());
            else challenge(ctx, ex, header == null ? "proxy credentials required" : "invalid proxy credentials");
            return;
        }
        Loop.resume(ctx, authenticator.authenticate(key), (Optional<Principal> p, Throwable e) -> {
            if (!ctx.channel().isActive()) return;
            if (e != null) {
                LOG.log(Level.WARNING, "proxy authentication failed: store unavailable", e);
                ex.decided(null, "error", "store_unavailable");
                ctx.writeAndFlush(ProxyResponses.error(503, "store_unavailable",
                        "Tollgate cannot check credentials right now; nothing was forwarded", null));
            } else if (p.isPresent() && p.get() instanceof Principal.AgentPrincipal agent) {
                accept(ctx, ex, key, Identity.of(agent));
            } else {
                challenge(ctx, ex, "unknown, suspended or revoked agent key");
            }
        });
    }

    private static void accept(ChannelHandlerContext ctx, Exchange ex, String key, Identity identity) {
        ex.identity(identity);
        if (ex.isConnect()) ctx.channel().attr(TUNNEL_KEY).set(key == null ? "" : key);
        ctx.fireChannelRead(ex);
    }

    private static void challenge(ChannelHandlerContext ctx, Exchange ex, String why) {
        ex.decided(null, "refused", "proxy_auth_required");
        FullHttpResponse r = ProxyResponses.error(407, "proxy_auth_required", why
                + ": send Proxy-Authorization: Basic base64(<agent id or name>:<agent key>)", null);
        r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"tollgate\"");
        ctx.writeAndFlush(r);
    }
}
