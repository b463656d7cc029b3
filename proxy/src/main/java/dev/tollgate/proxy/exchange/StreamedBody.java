package dev.tollgate.proxy.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.security.MessageDigest;
import java.util.ArrayDeque;

/**
 * A request body that is never aggregated (SPEC §5.1: a policy that does not read payloads). While
 * its request is decided it WAITS: reading is paused ({@link ReadPause}), so at most what one read
 * already decoded is held here. Then exactly one of:
 * <ul>
 *   <li>{@link #streamTo}: an approval was claimed and the request head written upstream; the body
 *       flows on as it arrives, hashed and counted ({@link #detail} goes into the intent's outcome),
 *       reading paused whenever the upstream is not writable (backpressure);</li>
 *   <li>{@link #fallBack}: not an immediate approval; the request is replayed into the aggregator
 *       as if it had just arrived, so it is buffered, limited (413) and digested exactly as before.</li>
 * </ul>
 * Confined to the client connection's event loop.
 */
public final class StreamedBody {
    /** The forward the body flows into. */
    public interface Sink {
        Channel upstream();

        /** The last body byte was handed to the upstream. */
        void bodySent();

        /** The client went away before its whole body arrived. */
        void clientAborted(String message);
    }

    private enum State { WAITING, STREAMING, FALLBACK, DONE }

    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final long declaredLength;
    private final ArrayDeque<HttpContent> held = new ArrayDeque<>();
    private final MessageDigest sha = RequestDigest.sha256();
    private State state = State.WAITING;
    private Sink sink;
    private long bytes;
    private boolean complete;

    /** @param ctx the context of the stage that routes the body here: a fallback re-enters the pipeline behind it */
    public StreamedBody(ChannelHandlerContext ctx, HttpRequest request) {
        this.ctx = ctx;
        this.request = request;
        this.declaredLength = HttpUtil.getContentLength(request, -1L);
        ReadPause.pause(ctx.channel());
    }

    /** The client's Content-Length; -1 when the body is chunked. */
    public long declaredLength() { return declaredLength; }
    public boolean chunked() { return declaredLength < 0; }
    public boolean complete() { return complete; }
    public long bytes() { return bytes; }

    /** The next part of the body, from the client. */
    public void accept(HttpContent c) {
        switch (state) {
            case WAITING -> held.add(c);
            case STREAMING -> send(c);
            case FALLBACK -> ctx.fireChannelRead(c);
            case DONE -> c.release();
        }
    }

    /** Not streamed after all: the stages behind get the request again, now to be buffered. */
    public void fallBack() {
        if (state != State.WAITING) return;
        state = State.FALLBACK;
        ctx.fireChannelRead(request);
        while (!held.isEmpty()) ctx.fireChannelRead(held.poll());
        ReadPause.resume(ctx.channel());
    }

    /** Approved and claimed, the head already written: the body goes to {@code s}'s upstream from here on. */
    public void streamTo(Sink s) {
        if (state != State.WAITING) return;
        sink = s;
        state = State.STREAMING;
        if (HttpUtil.is100ContinueExpected(request)) {
            // Only now: a client that waits for 100 sends nothing before the approval.
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        while (!held.isEmpty()) send(held.poll());
        upstreamWritable();
    }

    private void send(HttpContent c) {
        Channel up = sink.upstream();
        if (state != State.STREAMING || !up.isActive()) {
            c.release(); // the upstream is gone: its relay reports the failure
            stop();
            return;
        }
        bytes += c.content().readableBytes();
        RequestDigest.update(sha, c.content().nioBuffers());
        boolean last = c instanceof LastHttpContent;
        up.writeAndFlush(c);
        if (last) {
            complete = true;
            state = State.DONE;
            sink.bodySent();
        } else if (!up.isWritable()) {
            ReadPause.pause(ctx.channel());
        }
    }

    /** The upstream can take bytes again. */
    public void upstreamWritable() {
        if (state == State.STREAMING && sink.upstream().isWritable()) ReadPause.resume(ctx.channel());
    }

    /** No more of the body goes anywhere (the forward ended early); what was held is freed. */
    public void stop() {
        if (state == State.FALLBACK) return;
        state = State.DONE;
        release();
    }

    /** The client connection closed: a body cut off mid-stream fails its forward. */
    public void clientGone() {
        boolean cutOff = state == State.STREAMING && !complete;
        stop();
        if (cutOff) {
            sink.clientAborted("the client closed the connection after " + bytes + " of "
                    + (chunked() ? "a chunked body's" : declaredLength) + " request body bytes");
        }
    }

    public void release() {
        while (!held.isEmpty()) held.poll().release();
    }

    /** What was actually sent upstream, for the intent's outcome. */
    public ObjectNode detail() {
        MessageDigest copy;
        try {
            copy = (MessageDigest) sha.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        return Json.object().put("streamed", true).put("inspected", false).put("bytes", bytes)
                .put("sha256", RequestDigest.hex(copy)).put("complete", complete)
                .put("declared_length", chunked() ? null : declaredLength);
    }
}
