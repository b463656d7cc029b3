package dev.tollgate.proxy.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An origin for upload tests that never aggregates: counts connections and body bytes as they
 * arrive, hashes each body, and records how each request ended: {@code complete:<sha256>:<bytes>},
 * {@code reset} (the peer reset the connection mid-body) or {@code eof} (closed mid-body without a
 * reset). Paths: {@code /die} closes after the first body bytes; {@code /early} answers 413 at the
 * headers, before the body; anything else answers 200 with {@code <bytes> <sha256>} after the body.
 */
public final class UploadUpstream implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicLong bodyBytes = new AtomicLong();
    public final List<String> endings = new CopyOnWriteArrayList<>();
    public final List<HttpRequest> heads = new CopyOnWriteArrayList<>();
    /** Read slowly (a pause per chunk), so the proxy must hold the client back. */
    public volatile long pauseMillisPerRead;

    public UploadUpstream() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_RCVBUF, 64 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new App());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    public int port() { return ((InetSocketAddress) server.localAddress()).getPort(); }

    private final class App extends SimpleChannelInboundHandler<HttpObject> {
        private MessageDigest sha;
        private long bytes;
        private String path;
        private boolean inBody;

        @Override protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
            if (msg instanceof HttpRequest req) {
                heads.add(req);
                sha = MessageDigest.getInstance("SHA-256");
                bytes = 0;
                path = req.uri();
                inBody = true;
                if (path.equals("/early")) respond(ctx, 413, "too big for me");
            }
            if (!(msg instanceof HttpContent c)) return;
            int n = c.content().readableBytes();
            bytes += n;
            bodyBytes.addAndGet(n);
            sha.update(c.content().nioBuffer());
            if (path.equals("/die") && bytes > 0) {
                ctx.close();
                return;
            }
            if (pauseMillisPerRead > 0) {
                ctx.channel().config().setAutoRead(false);
                ctx.executor().schedule(() -> ctx.channel().config().setAutoRead(true), pauseMillisPerRead, TimeUnit.MILLISECONDS);
            }
            if (msg instanceof LastHttpContent) {
                inBody = false;
                String hex = HexFormat.of().formatHex(sha.digest());
                endings.add("complete:" + hex + ":" + bytes);
                if (!path.equals("/early")) respond(ctx, 200, bytes + " " + hex);
            }
        }

        private void respond(ChannelHandlerContext ctx, int status, String body) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            ctx.writeAndFlush(r);
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (inBody) endings.add(cause instanceof IOException && String.valueOf(cause.getMessage()).contains("reset")
                    ? "reset" : "error:" + cause);
            inBody = false;
            ctx.close();
        }

        @Override public void channelInactive(ChannelHandlerContext ctx) {
            if (inBody) endings.add("eof");
            inBody = false;
            ctx.fireChannelInactive();
        }
    }

    @Override public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
