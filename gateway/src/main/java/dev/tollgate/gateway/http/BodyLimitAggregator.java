package dev.tollgate.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Netty's aggregator with the API's answers to a body over the limit: a JSON 413 instead of the plain-text one.
 * The 413 waits until the client has finished sending the body (read and dropped, at most {@code drainMillis}):
 * answering and closing while the body is still arriving resets the connection, and most clients then report
 * "connection reset" instead of the 413.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final ResponseEncoder encoder;
    private final long drainMillis;

    private ProtocolError pending;
    private boolean refusedBeforeBody;
    private ScheduledFuture<?> drainDeadline;

    BodyLimitAggregator(int maxBodyBytes, ResponseEncoder encoder, long drainMillis) {
        super(maxBodyBytes, true);
        this.encoder = encoder;
        this.drainMillis = drainMillis;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        refusedBeforeBody = false;
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(answer instanceof HttpResponse response) || response.status().code() == 100) {
            return answer;
        }
        int status = response.status().code();
        ReferenceCountUtil.release(answer);
        if (status == 413) {
            // "Expect: 100-continue" with a length over the limit: no body will come. Returning null sends the
            // request on to the length check, hence to handleOversizedMessage and the JSON 413.
            refusedBeforeBody = true;
            return null;
        }
        ApiException unsupported = new ApiException(417, "expectation_failed", "unsupported Expect header", null);
        return encoder.encode(unsupported.toResponse(), ctx().alloc(), ResponseEncoder.Connection.CLOSE);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpRequest request = oversized instanceof HttpRequest r ? r : null;
        pending = new ProtocolError(ApiException.tooLarge(maxContentLength()),
                request == null ? "-" : request.method().name(), request == null ? "-" : request.uri());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
        super.decode(ctx, msg, out); // drops the rest of an oversized body
        if (pending == null) {
            return;
        }
        if (msg instanceof LastHttpContent || refusedBeforeBody) {
            emit(out::add);
        } else if (drainDeadline == null) {
            drainDeadline = ctx.executor().schedule(() -> emit(ctx::fireChannelRead), drainMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void emit(Consumer<Object> next) {
        ProtocolError error = pending;
        pending = null;
        refusedBeforeBody = false;
        cancelDeadline();
        if (error != null) {
            next.accept(error);
        }
    }

    private void cancelDeadline() {
        if (drainDeadline != null) {
            drainDeadline.cancel(false);
            drainDeadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.handlerRemoved(ctx);
    }
}
