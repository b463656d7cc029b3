package dev.tollgate.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;

/**
 * Replaces a request the codec could not decode (it arrives aggregated, with a failed decoder result) by the
 * JSON error it deserves: 414 for a long request line, 431 for long headers, 400 for anything else.
 */
@ChannelHandler.Sharable
final class DecodeFailureHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("dev.tollgate.gateway.http");

    private final int maxInitialLine;
    private final int maxHeaderSize;

    DecodeFailureHandler(int maxInitialLine, int maxHeaderSize) {
        this.maxInitialLine = maxInitialLine;
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DecoderResultProvider provider) || provider.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        DecoderResult result = provider.decoderResult();
        ReferenceCountUtil.release(msg);
        LOG.log(Level.DEBUG, () -> "undecodable request from " + ctx.channel().remoteAddress() + ": " + result.cause());
        // method and path stay "-": for a line it could not read the codec substitutes "GET /bad-request"
        ctx.fireChannelRead(new ProtocolError(errorFor(result.cause()), "-", "-"));
    }

    private ApiException errorFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new ApiException(414, "uri_too_long", "request line exceeds " + maxInitialLine + " bytes", null);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new ApiException(431, "headers_too_large", "request headers exceed " + maxHeaderSize + " bytes",
                    null);
        }
        return ApiException.badRequest("bad_request", "malformed HTTP request", null);
    }
}
