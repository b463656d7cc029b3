package dev.tollgate.proxy.inbound;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ProxyResponses;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Refuses what must never be forwarded (SPEC §5.6): undecodable requests (400), a request line over
 * the limit (414), headers over the limit (431), and ambiguous framing — {@code Content-Length} with
 * {@code Transfer-Encoding}, several {@code Content-Length}s, a transfer coding other than plain
 * {@code chunked} (400). The connection closes after the answer and nothing more is read from it.
 * Sits behind {@link ExchangeSequencer}, so a bad pipelined request is answered in its turn.
 */
public final class RequestGuard extends ChannelInboundHandlerAdapter {
    private boolean refused;

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, o.decoderResult().cause());
            return;
        }
        if (msg instanceof HttpRequest req) {
            String problem = framingProblem(req);
            if (problem != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, 400, "invalid_framing", problem);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    static String framingProblem(HttpRequest req) {
        List<String> te = req.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (te.isEmpty()) return null;
        if (req.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "Content-Length together with Transfer-Encoding is refused (request smuggling)";
        }
        if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
            return "only Transfer-Encoding: chunked is accepted";
        }
        return null;
    }

    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            refuse(ctx, 414, "uri_too_long", "request line longer than the proxy's limit");
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuse(ctx, 431, "headers_too_large", "request headers larger than the proxy's limit");
        } else if (cause instanceof ProxyHttpCodec.ConflictingFraming) {
            refuse(ctx, 400, "invalid_framing", "Content-Length together with Transfer-Encoding is refused (request smuggling)");
        } else if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("Content-Length")) {
            refuse(ctx, 400, "invalid_framing", "conflicting or invalid Content-Length");
        } else {
            refuse(ctx, 400, "malformed_request", "malformed HTTP request");
        }
    }

    private void refuse(ChannelHandlerContext ctx, int status, String code, String message) {
        refused = true;
        Exchange ex = Exchange.of(ctx.channel());
        if (ex != null) ex.decided(null, "refused", code);
        ctx.writeAndFlush(ProxyResponses.closing(status, code, message, null)).addListener(ChannelFutureListener.CLOSE);
    }
}
