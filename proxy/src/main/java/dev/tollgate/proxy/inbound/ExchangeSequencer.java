package dev.tollgate.proxy.inbound;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ExchangeObserver;
import dev.tollgate.proxy.exchange.ReadPause;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One exchange at a time per connection (HTTP/1.1 keep-alive and pipelining): a request that arrives
 * while the previous one is still being answered waits here, in order. Also owns the connection's
 * reading (autoRead is off: it keeps one read pending so a client that goes away is noticed, and stops
 * when too much is queued or while a streamed body asks it to, see {@link ReadPause}), keep-alive ({@code Connection: close} honoured both ways), the idle timeout
 * (never while an exchange is waiting on a decision or an upstream), and the life of each
 * {@link Exchange}: created at its request line, finished at its last response byte or at disconnect.
 */
public final class ExchangeSequencer extends ChannelDuplexHandler {
    private static final int MAX_QUEUED = 64;

    private final ExchangeObserver observer;
    private final ArrayDeque<HttpObject> queued = new ArrayDeque<>();
    private Exchange current;
    private boolean requestComplete;
    private boolean responding;
    private boolean closeAfterResponse;
    private boolean draining;
    /** Answered with a close before the request body ended: drop the rest, then close. */
    private boolean drainThenClose;
    private long drainedBytes;
    static final long MAX_DRAIN_BYTES = 8L * 1024 * 1024;
    static final long MAX_DRAIN_SECONDS = 5;

    public ExchangeSequencer(ExchangeObserver observer) { this.observer = observer; }

    @Override public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) ctx.read();
    }

    @Override public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject o)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean partOfCurrent = current != null && !requestComplete && !(msg instanceof HttpRequest);
        if (queued.isEmpty() && (current == null || partOfCurrent)) accept(ctx, o);
        else queued.add(o);
    }

    private void accept(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest req) {
            current = new Exchange(req, Exchange.clientOf(ctx.channel().remoteAddress()), observer);
            ctx.channel().attr(Exchange.KEY).set(current);
            requestComplete = false;
            responding = false;
            closeAfterResponse = !HttpUtil.isKeepAlive(req);
        } else if (current == null) {
            if (drainThenClose) {
                if (msg instanceof HttpContent c) drainedBytes += c.content().readableBytes();
                if (msg instanceof LastHttpContent || drainedBytes > MAX_DRAIN_BYTES) ctx.close();
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof LastHttpContent) requestComplete = true;
        ctx.fireChannelRead(msg);
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        readIfRoom(ctx);
        ctx.fireChannelReadComplete();
    }

    private void readIfRoom(ChannelHandlerContext ctx) {
        if (queued.size() < MAX_QUEUED && ctx.channel().isActive() && !ctx.channel().config().isAutoRead()
                && !ReadPause.paused(ctx.channel())) {
            ctx.read();
        }
    }

    @Override public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse resp && isFinal(resp)) {
            responding = true;
            if (closeAfterResponse || !HttpUtil.isKeepAlive(resp)) {
                closeAfterResponse = true;
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (current != null && current.request().protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        }
        if (!(msg instanceof LastHttpContent) || !responding) {
            ctx.write(msg, promise);
            return;
        }
        Exchange done = current;
        boolean close = closeAfterResponse;
        boolean bodyInFlight = current != null && !requestComplete;
        current = null;
        responding = false;
        ctx.channel().attr(Exchange.KEY).set(null);
        ReadPause.clear(ctx.channel());
        ChannelPromise p = promise.unvoid();
        ctx.write(msg, p);
        if (close && bodyInFlight) {
            // Answered (413, 400...) while the client is still sending the body: closing now, with
            // unread bytes, makes the kernel send a reset and the client reports "connection reset"
            // instead of our answer. The rest is read and dropped (accept() releases content that
            // belongs to no exchange) and the connection closed at its end, or at a bound.
            ctx.flush();
            drainThenClose = true;
            drainedBytes = 0;
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) ctx.close();
            }, MAX_DRAIN_SECONDS, TimeUnit.SECONDS);
            readIfRoom(ctx); // the exchange may have paused reading; the drain needs it
        } else if (close) {
            ctx.flush();
            p.addListener(ChannelFutureListener.CLOSE);
        }
        if (done != null) done.finish();
        if (!close) drain(ctx);
    }

    private static boolean isFinal(HttpResponse r) {
        int code = r.status().code();
        return code >= 200 || code == 101;
    }

    /** Passes on queued messages up to the end of the next complete request. */
    private void drain(ChannelHandlerContext ctx) {
        if (draining) return;
        draining = true;
        try {
            while (!queued.isEmpty() && (current == null || !requestComplete)) {
                HttpObject next = queued.peek();
                if (current != null && next instanceof HttpRequest) break;
                accept(ctx, queued.poll());
            }
        } finally {
            draining = false;
        }
        readIfRoom(ctx);
    }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (current == null || !requestComplete) ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        abandon(ctx);
        ctx.fireChannelInactive();
    }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) { abandon(ctx); }

    private void abandon(ChannelHandlerContext ctx) {
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
        if (current != null) {
            Exchange ex = current;
            current = null;
            ctx.channel().attr(Exchange.KEY).set(null);
            ReadPause.clear(ctx.channel());
            ex.finish();
        }
    }
}
