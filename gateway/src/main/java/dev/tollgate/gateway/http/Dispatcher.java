package dev.tollgate.gateway.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each request to the {@link RequestProcessor} and writes its response when the future completes, on any
 * thread. One request per connection at a time: a pipelined request waits in the backlog (and reading pauses)
 * until the previous response is written, so responses leave in request order. State is touched on the event
 * loop only. One instance per connection.
 */
final class Dispatcher extends ChannelInboundHandlerAdapter {
    private static final byte[] NO_BODY = new byte[0];
    private static final System.Logger LOG = System.getLogger("dev.tollgate.gateway.http");

    private final ServerContext server;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>(4);
    private ChannelHandlerContext ctx;
    private boolean busy;
    private boolean closing;
    /** Set once a {@link StreamBody} response has started: the connection is then that stream's. */
    private ResponseStream stream;

    Dispatcher(ServerContext server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || !(msg instanceof FullHttpRequest || msg instanceof ProtocolError)) {
            ReferenceCountUtil.release(msg); // after a closing response, or a stray chunk: nothing to answer
        } else if (busy) {
            // Reading stays on while one request is in flight, so a client hanging up is noticed; it pauses only
            // when a pipelining client gets ahead of us.
            backlog.add(msg);
            ctx.channel().config().setAutoRead(false);
        } else {
            dispatch(msg);
        }
    }

    private void dispatch(Object msg) {
        busy = true;
        server.inFlight.incrementAndGet();
        long start = System.nanoTime();
        if (msg instanceof ProtocolError refused) {
            respond(Exchange.refused(refused, start), refused.error().toResponse());
            return;
        }
        FullHttpRequest http = (FullHttpRequest) msg;
        Exchange exchange = Exchange.of(http, start);
        ApiRequest request;
        try {
            byte[] body = http.content().isReadable() ? ByteBufUtil.getBytes(http.content()) : NO_BODY;
            request = new ApiRequest(exchange.method(), http.uri(), http.headers(), body, remoteAddress(),
                    server.mapper);
        } finally {
            http.release();
        }
        server.processor.process(request).whenComplete((response, failure) ->
                respond(exchange, failure == null ? response : ErrorMapper.toResponse(failure, request)));
    }

    /** Runs on whichever thread completed the route: serialising there keeps that work off the event loop. */
    private void respond(Exchange exchange, ApiResponse response) {
        if (response.body() instanceof StreamBody streamed) {
            onLoop(() -> startStream(exchange, response, streamed));
            return;
        }
        ResponseEncoder.Connection connection =
                server.shuttingDown ? ResponseEncoder.Connection.CLOSE : exchange.connection();
        FullHttpResponse ready = server.encoder.encode(response, ctx.alloc(), connection);
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            write(exchange, ready, connection);
            return;
        }
        try {
            loop.execute(() -> write(exchange, ready, connection));
        } catch (RejectedExecutionException shutDown) {
            ready.release();
            server.inFlight.decrementAndGet();
        }
    }

    private void onLoop(Runnable task) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shutDown) {
            server.inFlight.decrementAndGet();
        }
    }

    /**
     * Sends a stream's head and hands the connection to its starter. The request counts as answered once the
     * head is written (close() must not wait for a stream to end); the connection then serves nothing else.
     */
    private void startStream(Exchange exchange, ApiResponse response, StreamBody body) {
        ResponseEncoder.Connection connection =
                server.shuttingDown ? ResponseEncoder.Connection.CLOSE : exchange.connection();
        HttpResponse head = server.encoder.encodeStreamHead(response, body, connection);
        if (head == null) {
            write(exchange, server.encoder.encode(ErrorMapper.INTERNAL_ERROR, ctx.alloc(), connection), connection);
            return;
        }
        int status = response.status();
        if (!ctx.channel().isActive()) {
            server.inFlight.decrementAndGet();
            AccessLog.log(exchange.method(), exchange.path(), status, exchange.startNanos());
            return;
        }
        closing = true; // nothing after a stream: a pipelined request is dropped with the connection
        releaseBacklog();
        ctx.channel().config().setAutoRead(true); // keep reading, so a client hanging up is noticed at once
        ResponseStream started = new ResponseStream(ctx);
        stream = started;
        ctx.writeAndFlush(head).addListener(written -> {
            server.inFlight.decrementAndGet();
            AccessLog.log(exchange.method(), exchange.path(), status, exchange.startNanos());
            if (!written.isSuccess()) {
                ctx.close();
                return;
            }
            try {
                body.starter().start(started);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "stream for " + exchange.method() + " " + AccessLog.printable(exchange.path())
                        + " failed to start", e);
                started.close();
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (stream != null) {
            stream.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void write(Exchange exchange, FullHttpResponse encoded, ResponseEncoder.Connection connection) {
        int status = encoded.status().code();
        if (!ctx.channel().isActive()) {
            encoded.release(); // the client left while the route was working
            server.inFlight.decrementAndGet();
            AccessLog.log(exchange.method(), exchange.path(), status, exchange.startNanos());
            return;
        }
        boolean close = connection == ResponseEncoder.Connection.CLOSE;
        closing |= close;
        ctx.writeAndFlush(encoded).addListener(written -> {
            server.inFlight.decrementAndGet();
            AccessLog.log(exchange.method(), exchange.path(), status, exchange.startNanos());
            if (close || !written.isSuccess()) {
                closing = true;
                releaseBacklog();
                ctx.close();
            } else {
                busy = false;
                next();
            }
        });
    }

    private void next() {
        Object queued = backlog.poll();
        if (queued != null) {
            dispatch(queued);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private InetSocketAddress remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address : null;
    }

    private void releaseBacklog() {
        Object queued;
        while ((queued = backlog.poll()) != null) {
            ReferenceCountUtil.release(queued);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseBacklog();
        ctx.fireChannelInactive();
    }
}
