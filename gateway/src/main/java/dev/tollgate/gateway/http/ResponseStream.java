package dev.tollgate.gateway.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The open body of a {@link StreamBody} response: one connection, written on its event loop. Writes are
 * queued by Netty; callers that must not buffer without bound check {@link #isWritable()} and wait for the
 * {@link #onWritable} callback. Every method may be called from any thread; the callbacks run on the loop.
 */
public final class ResponseStream {
    private final ChannelHandlerContext ctx;
    private volatile Runnable onWritable = () -> { };

    ResponseStream(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The connection's event loop: run stream work here (writes, timers). */
    public ScheduledExecutorService executor() {
        return ctx.executor();
    }

    public boolean inEventLoop() {
        return ctx.executor().inEventLoop();
    }

    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    /** False while Netty's outbound buffer is above its high-water mark (the client reads slower than we write). */
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    /** Queues {@code text} as UTF-8; nothing leaves before {@link #flush()}. */
    public void write(CharSequence text) {
        if (!inEventLoop()) {
            ctx.executor().execute(() -> write(text));
            return;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.write(new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), text)), ctx.voidPromise());
    }

    public void flush() {
        if (!inEventLoop()) {
            ctx.executor().execute(this::flush);
            return;
        }
        ctx.flush();
    }

    /** Runs {@code r} on the loop whenever the connection becomes writable again. */
    public void onWritable(Runnable r) {
        onWritable = r == null ? () -> { } : r;
    }

    /** Runs {@code r} once when the connection closes, whoever closes it (at once if it is closed already). */
    public void onClose(Runnable r) {
        ctx.channel().closeFuture().addListener(f -> r.run());
    }

    /** Ends the body and closes the connection. */
    public void close() {
        if (!inEventLoop()) {
            ctx.executor().execute(this::close);
            return;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    /** From the Dispatcher, on the loop. */
    void writabilityChanged() {
        if (ctx.channel().isWritable()) {
            onWritable.run();
        }
    }
}
