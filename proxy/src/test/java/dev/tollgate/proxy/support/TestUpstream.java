package dev.tollgate.proxy.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP(S) origin server for proxy tests, on 127.0.0.1: counts accepted connections, records
 * requests, and serves a few behaviours by path: {@code /sse} (one event, then waits for
 * {@link #sseGate}), {@code /chunked}, {@code /big/<bytes>} (streamed with backpressure), {@code /slow}
 * (never answers), {@code /ws} (101, then echoes raw bytes), {@code /status/<code>}; anything else
 * echoes the request as JSON.
 */
public final class TestUpstream implements AutoCloseable {
    public record Recorded(String method, String uri, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            return null;
        }
    }

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final Channel server;
    public final AtomicInteger connections = new AtomicInteger();
    public final List<Recorded> requests = new CopyOnWriteArrayList<>();
    public final AtomicLong bigBytesFlushed = new AtomicLong();
    public final CountDownLatch sseGate = new CountDownLatch(1);

    public TestUpstream(SslContext tls) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast("codec", new HttpServerCodec());
                        ch.pipeline().addLast("agg", new HttpObjectAggregator(64 * 1024 * 1024));
                        ch.pipeline().addLast("app", new App());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    public static TestUpstream plain() throws InterruptedException { return new TestUpstream(null); }

    public int port() { return ((InetSocketAddress) server.localAddress()).getPort(); }

    public Recorded last() { return requests.get(requests.size() - 1); }

    private final class App extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : req.headers().names()) headers.put(name, req.headers().getAll(name));
            requests.add(new Recorded(req.method().name(), req.uri(), headers, req.content().toString(StandardCharsets.UTF_8)));
            String path = req.uri();
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (path.equals("/slow")) return;
            if (path.equals("/sse")) sse(ctx);
            else if (path.equals("/chunked")) chunked(ctx);
            else if (path.startsWith("/big/")) big(ctx, Long.parseLong(path.substring(5)));
            else if (path.equals("/ws")) webSocket(ctx, req);
            else if (path.startsWith("/status/")) send(ctx, Integer.parseInt(path.substring(8)), "status", keepAlive);
            else if (path.equals("/early")) {
                ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(103)));
                send(ctx, 200, "after early hints", keepAlive);
            }
            else send(ctx, 200, echo(req), keepAlive);
        }

        private String echo(FullHttpRequest req) {
            StringBuilder sb = new StringBuilder("{\"method\":\"").append(req.method()).append("\",\"uri\":\"")
                    .append(req.uri().replace("\"", "%22")).append("\",\"body\":\"")
                    .append(req.content().toString(StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}");
            return sb.toString();
        }

        private void send(ChannelHandlerContext ctx, int status, String body, boolean keepAlive) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").setInt(HttpHeaderNames.CONTENT_LENGTH,
                    r.content().readableBytes()).set("X-Upstream", "yes").set("Keep-Alive", "timeout=5");
            if (!keepAlive) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            var f = ctx.writeAndFlush(r);
            if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
        }

        private void sse(ChannelHandlerContext ctx) {
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream").set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            ctx.write(r);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("data: first\n\n", StandardCharsets.UTF_8)));
            Thread t = new Thread(() -> {
                try {
                    sseGate.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ctx.executor().execute(() -> {
                    ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("data: second\n\n", StandardCharsets.UTF_8)));
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                });
            });
            t.setDaemon(true);
            t.start();
        }

        private void chunked(ChannelHandlerContext ctx) {
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED).set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            ctx.write(r);
            for (int i = 0; i < 3; i++) {
                int n = i;
                ctx.executor().schedule(() -> {
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("part" + n + ";", StandardCharsets.UTF_8)));
                    if (n == 2) ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                }, 50L * (i + 1), TimeUnit.MILLISECONDS);
            }
        }

        private void big(ChannelHandlerContext ctx, long size) {
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, size).set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            ctx.writeAndFlush(r);
            ctx.pipeline().addLast("pump", new Pump(size));
            ctx.pipeline().get(Pump.class).pump(ctx.pipeline().context("pump"));
        }

        private void webSocket(ChannelHandlerContext ctx, FullHttpRequest req) {
            HttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
            r.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade");
            if (!req.headers().contains("X-No-Accept")) r.headers().set("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            ctx.writeAndFlush(r).addListener(f -> {
                ctx.pipeline().remove("agg");
                ctx.pipeline().remove("app");
                ctx.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override public void channelRead(ChannelHandlerContext c, Object msg) { c.writeAndFlush(msg); }
                });
                ctx.pipeline().remove("codec");
            });
        }
    }

    /** Writes {@code remaining} bytes while the connection is writable; counts what was flushed. */
    private final class Pump extends ChannelInboundHandlerAdapter {
        private long remaining;

        Pump(long size) { remaining = size; }

        void pump(ChannelHandlerContext ctx) {
            while (remaining > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(64 * 1024, remaining);
                remaining -= n;
                ByteBuf b = Unpooled.wrappedBuffer(new byte[n]);
                ctx.writeAndFlush(new DefaultHttpContent(b)).addListener(f -> bigBytesFlushed.addAndGet(n));
            }
            if (remaining == 0) {
                remaining = -1;
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                ctx.pipeline().remove(this);
            }
        }

        @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) pump(ctx);
            ctx.fireChannelWritabilityChanged();
        }
    }

    @Override public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
